package io.surge.predictions.forecast;

import io.surge.predictions.PredictionModel;
import io.surge.predictions.PredictionSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The demand forecast model: every SKU's daily units before the cutoff, a method chosen and a forecast made per
 * SKU on a worker thread ({@link Forecaster}), {@code forecastMaxDays} days from the cutoff stored in one
 * transaction, so readers see the old forecasts or the new, never half.
 */
public final class DemandForecasts implements PredictionModel {

  private static final Logger LOG = LoggerFactory.getLogger(DemandForecasts.class);
  private static final int INSERT_BATCH = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final PredictionSettings settings;

  public DemandForecasts(Vertx vertx, Pool pool, PredictionSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "demand_forecast";
  }

  @Override
  public Future<Trained> train(LocalDate cutoff) {
    return pool.preparedQuery(ForecastSql.DAILY_UNITS)
      .execute(Tuple.of(cutoff, cutoff.minusDays(settings.forecastHistoryDays())))
      .compose(rows -> vertx.executeBlocking(() -> fit(rows, cutoff), false))
      .compose(fitted -> store(fitted.rows()).map(v -> fitted.trained()));
  }

  private record Fitted(List<Tuple> rows, Trained trained) {
  }

  /** Worker thread: every SKU with enough history gets its method and forecast. */
  private Fitted fit(RowSet<Row> rows, LocalDate cutoff) {
    Map<UUID, DemandHistory> histories = DemandHistory.of(rows, cutoff);
    List<Tuple> stored = new ArrayList<>();
    Map<String, Integer> methods = new TreeMap<>();
    long skuDays = 0;
    int failed = 0;
    double mase = 0;
    for (DemandHistory history : histories.values()) {
      skuDays += history.days();
      if (history.days() < settings.forecastMinHistoryDays()) {
        continue;
      }
      Forecaster.Forecast forecast;
      try {
        forecast = Forecaster.forecast(history.units(), settings.forecastMaxDays(), null,
          settings.forecastBacktestFolds(), settings.forecastBacktestDays());
      } catch (RuntimeException e) {
        // one SKU's numerical failure must not cost every other SKU its forecast: counted, logged, skipped
        LOG.warn("no forecast for SKU {}", kv("sku", history.sku()), e);
        failed++;
        continue;
      }
      methods.merge(forecast.method().wire(), 1, Integer::sum);
      mase += forecast.mase();
      stored.add(Tuple.of(history.sku(), cutoff, forecast.method().wire(), forecast.mase(), candidates(forecast))
        .addArrayOfFloat(floats(forecast.units())).addArrayOfFloat(floats(forecast.low()))
        .addArrayOfFloat(floats(forecast.high())).addInteger(history.days()).addInteger(history.saleDays()));
    }
    JsonObject byMethod = new JsonObject();
    methods.forEach(byMethod::put);
    JsonObject details = new JsonObject().put("skus_forecast", stored.size())
      .put("skus_short_history", histories.size() - stored.size() - failed).put("skus_failed", failed)
      .put("methods", byMethod)
      .put("mean_backtest_mase", stored.isEmpty() ? null : mase / stored.size());
    return new Fitted(stored, new Trained(skuDays, details));
  }

  private Future<Void> store(List<Tuple> rows) {
    return pool.withTransaction(tx -> {
      Future<?> chain = tx.query(ForecastSql.CLEAR).execute();
      for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
        List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH));
        chain = chain.compose(v -> tx.preparedQuery(ForecastSql.INSERT).executeBatch(batch));
      }
      return chain;
    }).mapEmpty();
  }

  static JsonObject candidates(Forecaster.Forecast forecast) {
    JsonObject candidates = new JsonObject();
    forecast.candidates().forEach((method, score) -> candidates.put(method.wire(),
      new JsonObject().put("mase", score.mase()).put("rmsse", score.rmsse())));
    return candidates;
  }

  static Float[] floats(double[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = (float) values[i];
    }
    return boxed;
  }
}
