package io.surge.console;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/admin/dashboard}: orders and revenue per UTC day and currency over the last {@code days} days,
 * and what waits for the merchant. Three aggregate queries side by side; nothing is summed row by row here.
 */
final class DashboardRoutes {

  private static final int DEFAULT_DAYS = 30;

  private final Pool pool;
  private final ConsoleSettings settings;

  DashboardRoutes(Pool pool, ConsoleSettings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminDashboard").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::dashboard);
  }

  private void dashboard(RoutingContext ctx) {
    int days = days(ctx.request().getParam("days"));
    LocalDate to = LocalDate.now(ZoneOffset.UTC);
    LocalDate from = to.minusDays(days - 1L);
    Future<RowSet<Row>> sales = pool.preparedQuery(DashboardSql.SALES_PER_DAY)
      .execute(Tuple.of(from.atStartOfDay().atOffset(ZoneOffset.UTC)));
    Future<RowSet<Row>> waiting = pool.preparedQuery(DashboardSql.WAITING)
      .execute(Tuple.of(settings.lowStockThreshold()));
    Future<RowSet<Row>> lowStock = pool.preparedQuery(DashboardSql.LOW_STOCK)
      .execute(Tuple.of(settings.lowStockThreshold(), settings.lowStockShown()));
    Future.all(sales, waiting, lowStock)
      .onSuccess(all -> Replies.ok(ctx, new JsonObject()
        .put("days", days).put("from", from.toString()).put("to", to.toString())
        .put("sales", sales(sales.result(), from, days))
        .mergeIn(counts(waiting.result().iterator().next()))
        .put("low_stock", lowStock(waiting.result().iterator().next(), lowStock.result()))))
      .onFailure(ctx::fail);
  }

  private int days(String param) {
    if (param == null) {
      return Math.min(DEFAULT_DAYS, settings.dashboardMaxDays());
    }
    long days = Long.parseLong(param); // the InputGuard lets only plain digits within a long through
    if (days < 1 || days > settings.dashboardMaxDays()) {
      throw ApiException.invalidParameter("days", "range",
        "days must be between 1 and " + settings.dashboardMaxDays() + ".");
    }
    return (int) days;
  }

  /** One series per currency, every day of the window present (0 when nothing was sold). */
  private static JsonArray sales(RowSet<Row> rows, LocalDate from, int days) {
    Map<String, long[][]> perCurrency = new LinkedHashMap<>();
    for (Row row : rows) {
      long[][] series = perCurrency.computeIfAbsent(row.getString("currency"), c -> new long[2][days]);
      int day = (int) (row.getLocalDate("day").toEpochDay() - from.toEpochDay());
      if (day >= 0 && day < days) {
        series[0][day] = row.getLong("orders");
        series[1][day] = row.getLong("revenue");
      }
    }
    JsonArray sales = new JsonArray();
    perCurrency.forEach((currency, series) -> {
      JsonArray perDay = new JsonArray();
      long orders = 0;
      long revenue = 0;
      for (int day = 0; day < days; day++) {
        perDay.add(new JsonObject().put("date", from.plusDays(day).toString())
          .put("orders", series[0][day]).put("revenue", series[1][day]));
        orders += series[0][day];
        revenue += series[1][day];
      }
      sales.add(new JsonObject().put("currency", currency).put("orders", orders)
        .put("revenue", new JsonObject().put("amount", revenue).put("currency", currency)).put("per_day", perDay));
    });
    return sales;
  }

  private static JsonObject counts(Row row) {
    return new JsonObject().put("to_ship", row.getLong("to_ship"))
      .put("returns_requested", row.getLong("returns_requested"))
      .put("open_tickets", row.getLong("open_tickets"))
      .put("reviews_to_moderate", row.getLong("reviews_to_moderate"))
      .put("payment_discrepancies", row.getLong("payment_discrepancies"));
  }

  private JsonObject lowStock(Row counts, RowSet<Row> rows) {
    JsonArray skus = new JsonArray();
    rows.forEach(row -> skus.add(new JsonObject().put("sku_id", row.getUUID("id").toString())
      .put("code", row.getString("code")).put("product_id", row.getUUID("product_id").toString())
      .put("product_title", row.getString("title")).put("on_hand", row.getInteger("on_hand"))
      .put("reserved", row.getInteger("reserved")).put("available", row.getInteger("available"))));
    return new JsonObject().put("threshold", settings.lowStockThreshold()).put("count", counts.getLong("low_stock"))
      .put("skus", skus);
  }
}
