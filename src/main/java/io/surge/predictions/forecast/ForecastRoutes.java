package io.surge.predictions.forecast;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.surge.predictions.DayParameter;
import io.surge.predictions.PredictionSettings;
import io.surge.shared.JsonTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * A SKU's forecast (stored by the last training when it starts on the asked day, else computed on demand from the
 * history before that day) and the restock report (see {@link RestockReport}).
 */
public final class ForecastRoutes {

  static final int DEFAULT_DAYS = 28;

  private final Vertx vertx;
  private final Pool pool;
  private final PredictionSettings settings;

  public ForecastRoutes(Vertx vertx, Pool pool, PredictionSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("adminSkuForecast").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::forecast);
    api.getRoute("adminRestockReport").addHandler(Roles.require(Roles.ADMIN))
      .addHandler(new RestockReport(pool, settings)::handle);
  }

  static LocalDate tomorrow() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(1);
  }

  private void forecast(RoutingContext ctx) {
    int days = DayParameter.number(ctx, "days", DEFAULT_DAYS, 1, settings.forecastMaxDays());
    LocalDate requested = DayParameter.optional(ctx, "from");
    LocalDate from = requested == null ? tomorrow() : requested;
    Method only = method(ctx.request().getParam("method"));
    String ref = ctx.pathParam("skuId");
    pool.preparedQuery(ForecastSql.SKU).execute(Tuple.of(Ids.tryParse(ref), ref))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("The SKU");
        }
        Row sku = rows.iterator().next();
        JsonObject head = new JsonObject().put("sku_id", sku.getUUID("id").toString())
          .put("sku_code", sku.getString("code")).put("from", from.toString()).put("days", days);
        return pool.preparedQuery(ForecastSql.STORED).execute(Tuple.of(sku.getUUID("id")))
          .compose(stored -> {
            Row row = stored.size() == 1 ? stored.iterator().next() : null;
            boolean sameRun = row != null && row.getLocalDate("from_date").equals(from)
              && row.getArrayOfFloats("units").length >= days;
            if (sameRun && (only == null || only.wire().equals(row.getString("method")))) {
              return Future.succeededFuture(fromStored(head, row, days));
            }
            if (only == Method.GRADIENT_BOOSTED_TREES) {
              // fitted on every SKU at once by a training run: served as stored, never computed for one SKU
              if (sameRun && row.getArrayOfFloats("trees_units") != null) {
                return Future.succeededFuture(treesFromStored(head, row, days));
              }
              throw ApiException.conflict("not_trained", "The gradient-boosted-trees forecast is made by a training "
                + "run for all SKUs at once: run POST /api/v1/admin/predictions:train?from=" + from + " first (the "
                + "last run forecast from " + (row == null ? "no day" : row.getLocalDate("from_date")) + ").");
            }
            return computed(head, sku.getUUID("id"), from, days, only);
          });
      })
      .onSuccess(body -> Replies.ok(ctx, body))
      .onFailure(ctx::fail);
  }

  private static Method method(String raw) {
    if (raw == null || raw.isEmpty() || "auto".equals(raw)) {
      return null;
    }
    try {
      return Method.of(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter("method", "enum",
        "method must be auto, weekly_median, seasonal_naive, exponential_smoothing, croston_tsb or "
          + "gradient_boosted_trees.");
    }
  }

  private Future<JsonObject> computed(JsonObject head, UUID sku, LocalDate from, int days, Method only) {
    return pool.preparedQuery(ForecastSql.SKU_DAILY_UNITS)
      .execute(Tuple.of(from, from.minusDays(settings.forecastHistoryDays()), sku))
      .compose(rows -> vertx.executeBlocking(() -> {
        DemandHistory history = DemandHistory.of(rows, from).get(sku);
        head.put("source", "computed").put("trained_at", null);
        if (history == null || history.days() < settings.forecastMinHistoryDays()) {
          return notEnough(head, history == null ? 0 : history.days(), history == null ? 0 : history.saleDays());
        }
        Forecaster.Forecast forecast = Forecaster.forecast(history.units(), days, only,
          settings.forecastBacktestFolds(), settings.forecastBacktestDays());
        float[] units = new float[days];
        float[] low = new float[days];
        float[] high = new float[days];
        for (int i = 0; i < days; i++) {
          units[i] = (float) forecast.units()[i];
          low[i] = (float) forecast.low()[i];
          high[i] = (float) forecast.high()[i];
        }
        return body(head.put("history_days", history.days()).put("sale_days", history.saleDays()),
          forecast.method().wire(), forecast.mase(), DemandForecasts.candidates(forecast), units, low, high, days);
      }, false));
  }

  private JsonObject notEnough(JsonObject head, int historyDays, int saleDays) {
    return head.put("enough_history", false).put("method", null).put("backtest", null)
      .put("history_days", historyDays).put("sale_days", saleDays)
      .put("message", "Not enough history: a forecast needs " + settings.forecastMinHistoryDays()
        + " days from the SKU's first sale before the first forecast day; this SKU has " + historyDays + ".")
      .put("items", new JsonArray());
  }

  private static JsonObject fromStored(JsonObject head, Row row, int days) {
    head.put("source", "stored").put("trained_at", JsonTime.time(row.getOffsetDateTime("trained_at")))
      .put("history_days", row.getInteger("history_days")).put("sale_days", row.getInteger("sale_days"));
    return body(head, row.getString("method"), row.getDouble("mase"), row.getJsonObject("candidates"),
      unbox(row.getArrayOfFloats("units")), unbox(row.getArrayOfFloats("low")), unbox(row.getArrayOfFloats("high")),
      days);
  }

  private static JsonObject treesFromStored(JsonObject head, Row row, int days) {
    head.put("source", "stored").put("trained_at", JsonTime.time(row.getOffsetDateTime("trained_at")))
      .put("history_days", row.getInteger("history_days")).put("sale_days", row.getInteger("sale_days"));
    return body(head, Method.GRADIENT_BOOSTED_TREES.wire(), row.getDouble("trees_mase"),
      row.getJsonObject("candidates"), unbox(row.getArrayOfFloats("trees_units")),
      unbox(row.getArrayOfFloats("trees_low")), unbox(row.getArrayOfFloats("trees_high")), days);
  }

  private static float[] unbox(Float[] values) {
    float[] unboxed = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      unboxed[i] = values[i];
    }
    return unboxed;
  }

  private static JsonObject body(JsonObject head, String method, double mase, JsonObject candidates, float[] units,
    float[] low, float[] high, int days) {
    LocalDate from = LocalDate.parse(head.getString("from"));
    JsonArray items = new JsonArray();
    for (int i = 0; i < days; i++) {
      items.add(new JsonObject().put("date", from.plusDays(i).toString()).put("units", round(units[i]))
        .put("low", round(low[i])).put("high", round(high[i])));
    }
    return head.put("enough_history", true).put("method", method)
      .put("backtest", new JsonObject().put("mase", round(mase)).put("candidates", rounded(candidates)))
      .put("items", items);
  }

  private static JsonObject rounded(JsonObject candidates) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : candidates) {
      JsonObject score = (JsonObject) e.getValue();
      out.put(e.getKey(), new JsonObject().put("mase", round(score.getDouble("mase")))
        .put("rmsse", round(score.getDouble("rmsse"))));
    }
    return out;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
