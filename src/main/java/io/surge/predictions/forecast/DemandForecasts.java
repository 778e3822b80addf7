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
import ml.dmlc.xgboost4j.java.XGBoostError;
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
 * The demand forecast model: every SKU's daily units before the cutoff; on a worker thread the global
 * gradient-boosted-trees model's forecasts of all SKUs ({@link BoostedTrees}), then a method chosen and a forecast
 * made per SKU ({@link Forecaster}, the global model one more candidate); {@code forecastMaxDays} days from the
 * cutoff stored in one transaction (the global model's own forecast beside the chosen one, so it can be served
 * and measured alone), so readers see the old forecasts or the new, never half.
 */
public final class DemandForecasts implements PredictionModel {

  private static final Logger LOG = LoggerFactory.getLogger(DemandForecasts.class);
  private static final int INSERT_BATCH = 500;
  private static final int TREE_DEPTH = 6;
  private static final double TREE_LEARNING_RATE = 0.1;

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

  /** Worker thread: the global model's forecasts, then every SKU with enough history gets its method and forecast. */
  private Fitted fit(RowSet<Row> rows, LocalDate cutoff) throws XGBoostError {
    Map<UUID, DemandHistory> histories = DemandHistory.of(rows, cutoff);
    long started = System.nanoTime();
    Map<Integer, Map<UUID, double[]>> global = globalForecasts(histories, cutoff, settings);
    long globalMillis = (System.nanoTime() - started) / 1_000_000;
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
      Forecaster.Forecast trees = null;
      Forecaster.GlobalForecasts own = daysBack -> global.getOrDefault(daysBack, Map.of()).get(history.sku());
      try {
        forecast = Forecaster.forecast(history.units(), settings.forecastMaxDays(), null,
          settings.forecastBacktestFolds(), settings.forecastBacktestDays(), own);
        if (forecast.candidates().containsKey(Method.GRADIENT_BOOSTED_TREES)) {
          trees = forecast.method() == Method.GRADIENT_BOOSTED_TREES ? forecast
            : Forecaster.forecast(history.units(), settings.forecastMaxDays(), Method.GRADIENT_BOOSTED_TREES,
              settings.forecastBacktestFolds(), settings.forecastBacktestDays(), own);
        }
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
        .addArrayOfFloat(floats(forecast.high())).addInteger(history.days()).addInteger(history.saleDays())
        .addArrayOfFloat(trees == null ? null : floats(trees.units()))
        .addArrayOfFloat(trees == null ? null : floats(trees.low()))
        .addArrayOfFloat(trees == null ? null : floats(trees.high())).addValue(trees == null ? null : trees.mase()));
    }
    JsonObject byMethod = new JsonObject();
    methods.forEach(byMethod::put);
    JsonObject details = new JsonObject().put("skus_forecast", stored.size())
      .put("skus_short_history", histories.size() - stored.size() - failed).put("skus_failed", failed)
      .put("methods", byMethod)
      .put("mean_backtest_mase", stored.isEmpty() ? null : mase / stored.size())
      .put("global_model_ms", globalMillis);
    return new Fitted(stored, new Trained(skuDays, details));
  }

  /**
   * The global model's forecasts of every SKU, by days back from the cutoff: one model per back-test origin (each
   * trained only on the days before it, {@code forecastBacktestDays} days ahead) and one on all days
   * ({@code forecastMaxDays} ahead). Empty when the model is switched off.
   */
  static Map<Integer, Map<UUID, double[]>> globalForecasts(Map<UUID, DemandHistory> histories, LocalDate cutoff,
    PredictionSettings settings) throws XGBoostError {
    Map<Integer, Map<UUID, double[]>> global = new TreeMap<>();
    if (settings.forecastTreeRounds() <= 0 || histories.isEmpty()) {
      return global;
    }
    BoostedTrees.Settings trees = new BoostedTrees.Settings(settings.forecastTreeRounds(), TREE_DEPTH,
      TREE_LEARNING_RATE, settings.forecastTreeMaxRows(), settings.forecastTreeThreads());
    List<DemandHistory> all = List.copyOf(histories.values());
    for (int k = settings.forecastBacktestFolds(); k >= 1; k--) {
      int daysBack = k * settings.forecastBacktestDays();
      global.put(daysBack, BoostedTrees.forecast(all, cutoff, daysBack, settings.forecastBacktestDays(), trees));
    }
    global.put(0, BoostedTrees.forecast(all, cutoff, 0, settings.forecastMaxDays(), trees));
    return global;
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
