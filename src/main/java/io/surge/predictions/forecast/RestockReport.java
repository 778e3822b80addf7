package io.surge.predictions.forecast;

import io.surge.http.ApiException;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.predictions.DayParameter;
import io.surge.predictions.PredictionSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What to reorder: active SKUs whose stored forecast over the next {@code lead_days} days (from tomorrow) exceeds
 * what is available, the soonest to run out first. Cursor pages of JSON, or the whole list as CSV
 * ({@code Accept: text/csv} or {@code format=csv}).
 */
final class RestockReport {

  static final int DEFAULT_LEAD_DAYS = 14;
  /** The CSV download's cap: a shop with more SKUs to reorder than this pages the JSON. */
  static final int CSV_ROWS = 10_000;
  static final String CSV = "text/csv";

  private final Pool pool;
  private final PredictionSettings settings;

  RestockReport(Pool pool, PredictionSettings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  void handle(RoutingContext ctx) {
    int lead = DayParameter.number(ctx, "lead_days", DEFAULT_LEAD_DAYS, 1, settings.forecastMaxDays());
    String format = ctx.request().getParam("format");
    if (format != null && !format.isEmpty() && !"json".equals(format) && !"csv".equals(format)) {
      throw ApiException.invalidParameter("format", "enum", "format must be json or csv.");
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    boolean csv = "csv".equals(format) || (format == null || format.isEmpty()) && accept != null
      && accept.contains(CSV);
    PageRequest page = csv ? new PageRequest(CSV_ROWS, null) : PageRequest.from(ctx);
    Object[] after = after(page);
    LocalDate from = ForecastRoutes.tomorrow();
    pool.preparedQuery(ForecastSql.RESTOCK)
      .execute(Tuple.of(from, lead, after[0], after[1], after[2], csv ? CSV_ROWS : page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        for (Row row : rows) {
          items.add(item(row, from));
        }
        if (csv) {
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CSV + "; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"restock.csv\"").end(csv(items));
          return;
        }
        JsonObject body = page.page(items, item -> new JsonArray().add(item.getInteger("runs_out_day"))
          .add(item.getDouble("shortfall")).add(item.getString("sku_id")));
        Replies.ok(ctx, body.put("lead_days", lead).put("from", from.toString()));
      })
      .onFailure(ctx::fail);
  }

  private static Object[] after(PageRequest page) {
    if (page.after() == null) {
      return new Object[] {null, null, null};
    }
    try {
      return new Object[] {page.after().getInteger(0), page.after().getDouble(1),
        UUID.fromString(page.after().getString(2))};
    } catch (RuntimeException e) {
      throw PageRequest.invalidCursor();
    }
  }

  private static JsonObject item(Row row, LocalDate from) {
    int runsOut = row.getInteger("runs_out_day");
    Float[] days = row.getArrayOfFloats("days");
    JsonArray daily = new JsonArray();
    for (Float units : days) {
      daily.add(ForecastRoutes.round(units));
    }
    return new JsonObject().put("sku_id", row.getUUID("id").toString()).put("sku_code", row.getString("code"))
      .put("product_id", row.getUUID("product_id").toString()).put("title", row.getString("title"))
      .put("method", row.getString("method")).put("on_hand", row.getInteger("on_hand"))
      .put("reserved", row.getInteger("reserved")).put("available", row.getInteger("available"))
      .put("forecast_units", number(row.getBigDecimal("demand")))
      .put("shortfall", number(row.getBigDecimal("shortfall")))
      .put("runs_out_day", runsOut).put("runs_out_on", from.plusDays(runsOut - 1L).toString())
      .put("daily_units", daily);
  }

  private static double number(BigDecimal value) {
    return value.doubleValue();
  }

  static Buffer csv(JsonArray items) {
    StringBuilder out = new StringBuilder(
      "sku_code,sku_id,title,method,on_hand,reserved,available,forecast_units,shortfall,runs_out_on\n");
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      out.append(cell(item.getString("sku_code"))).append(',').append(item.getString("sku_id")).append(',')
        .append(cell(item.getString("title"))).append(',').append(item.getString("method")).append(',')
        .append(item.getInteger("on_hand")).append(',').append(item.getInteger("reserved")).append(',')
        .append(item.getInteger("available")).append(',').append(item.getDouble("forecast_units")).append(',')
        .append(item.getDouble("shortfall")).append(',').append(item.getString("runs_out_on")).append('\n');
    }
    return Buffer.buffer(out.toString());
  }

  /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows the text, not a formula. */
  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
