package io.surge.predictions;

import io.surge.support.Agents;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Demand forecasts and the restock report, learned from order history imported through the real API. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PredictionsTest {

  private static final int HISTORY_DAYS = 84;
  private static final String HEADER = "order_ref,customer_ref,ordered_at,sku,title,quantity,unit_amount,currency\n";

  private Api api;
  private ShopFixture shop;
  private String admin;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
    admin = shop.admin();
  }

  /** Imports one order per day with units(day) of the SKU, for the HISTORY_DAYS days up to today (UTC). */
  private void sold(String code, IntUnaryOperator unitsDaysAgo) {
    StringBuilder csv = new StringBuilder(HEADER);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (int ago = 0; ago < HISTORY_DAYS; ago++) {
      int units = unitsDaysAgo.applyAsInt(ago);
      if (units > 0) {
        csv.append(code).append('-').append(ago).append(",C-").append(run).append(',').append(today.minusDays(ago))
          .append("T00:00:00Z,").append(code).append(",Item ").append(code).append(',').append(units)
          .append(",500,EUR\n");
      }
    }
    Reply reply = api.call(HttpMethod.POST, "/api/v1/admin/imports/orders").bearer(admin)
      .header("Content-Type", "text/csv").sendRaw(Buffer.buffer(csv.toString()));
    assertEquals(200, reply.status(), reply::toString);
    assertFalse(reply.body().toString().contains("\"failed\":1"), reply::toString);
  }

  private static int weekly(LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 20 : 4;
  }

  private JsonObject train() {
    Wait.until("no training running", Duration.ofSeconds(60), this::status, s -> "idle".equals(s.getString("state")));
    Reply started = api.post("/api/v1/admin/predictions:train", admin, null);
    assertEquals(202, started.status(), started::toString);
    return Wait.until("the training to finish", Duration.ofSeconds(120), this::status,
      s -> "idle".equals(s.getString("state")) && s.getJsonArray("models").stream().map(JsonObject.class::cast)
        .anyMatch(m -> "demand_forecast".equals(m.getString("model")) && m.getString("finished_at") != null));
  }

  private JsonObject status() {
    Reply reply = api.get("/api/v1/admin/predictions/status", admin);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private JsonObject forecast(String code, String query) {
    Reply reply = api.get("/api/v1/admin/skus/" + code + "/forecast" + query, admin);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  @Test
  @DisplayName("a weekly pattern is forecast with it, an intermittent seller a flat rate, no history is told so")
  void forecastsFollowHistory() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String weekly = "WEEK-" + run;
    String sparse = "SPARSE-" + run;
    String fresh = "FRESH-" + run;
    shop.sku(weekly, 500, 1000);
    shop.sku(fresh, 500, 10);
    sold(weekly, ago -> weekly(today.minusDays(ago)) + ago % 2);
    Random random = new Random(3);
    List<Integer> sparseUnits = random.ints(HISTORY_DAYS, 0, 100).map(r -> r < 12 ? 1 + r % 3 : 0).boxed().toList();
    sold(sparse, sparseUnits::get);

    JsonObject status = train();
    JsonObject model = status.getJsonArray("models").stream().map(JsonObject.class::cast)
      .filter(m -> "demand_forecast".equals(m.getString("model"))).findFirst().orElseThrow();
    assertEquals(null, model.getString("last_error"), model::encode);
    assertTrue(model.getLong("rows") >= 2 * 70, model::encode);

    JsonObject week = forecast(weekly, "?days=14");
    assertEquals("stored", week.getString("source"), week::encode);
    assertEquals(today.plusDays(1).toString(), week.getString("from"));
    assertTrue(List.of("seasonal_naive", "exponential_smoothing").contains(week.getString("method")), week::encode);
    JsonObject backtest = week.getJsonObject("backtest");
    assertTrue(backtest.getDouble("mase") < backtest.getJsonObject("candidates").getJsonObject("croston_tsb")
      .getDouble("mase"), backtest::encode);
    JsonArray items = week.getJsonArray("items");
    assertEquals(14, items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonObject day = items.getJsonObject(i);
      double units = day.getDouble("units");
      boolean weekend = weekly(LocalDate.parse(day.getString("date"))) == 20;
      assertTrue(weekend ? units > 14 : units < 9, items::encode);
      assertTrue(day.getDouble("low") <= units && units <= day.getDouble("high"), day::encode);
    }

    // the global model's own forecast, stored by the run beside the chosen one; not computed for another day
    JsonObject trees = forecast(weekly, "?days=14&method=gradient_boosted_trees");
    assertEquals("gradient_boosted_trees", trees.getString("method"), trees::encode);
    assertEquals("stored", trees.getString("source"), trees::encode);
    assertEquals(14, trees.getJsonArray("items").size());
    assertTrue(week.getJsonObject("backtest").getJsonObject("candidates").containsKey("gradient_boosted_trees"),
      week::encode);
    Reply untrained = api.get("/api/v1/admin/skus/" + weekly + "/forecast?method=gradient_boosted_trees&from="
      + today.minusDays(3), admin);
    assertEquals(409, untrained.status(), untrained::toString);
    assertEquals("not_trained", untrained.json().getString("code"), untrained::toString);

    JsonObject intermittent = forecast(sparse, "");
    // a flat rate: TSB's, or the weekly median's on the weekdays it sells when it sold in most recent weeks
    assertTrue(List.of("croston_tsb", "weekly_median").contains(intermittent.getString("method")),
      intermittent::encode);
    assertEquals(28, intermittent.getJsonArray("items").size());
    assertEquals(1, intermittent.getJsonArray("items").stream().map(d -> ((JsonObject) d).getDouble("units"))
      .filter(u -> u > 0).distinct().count(), intermittent::encode);

    JsonObject none = forecast(fresh, "");
    assertEquals(false, none.getBoolean("enough_history"), none::encode);
    assertTrue(none.getString("message").startsWith("Not enough history"), none::encode);
    assertEquals(0, none.getJsonArray("items").size());
  }

  @Test
  @DisplayName("history on or after from is ignored: a later surge does not move a forecast from before it")
  void historyAfterFromIsIgnored() {
    String code = "SHIFT-" + run;
    shop.sku(code, 500, 100);
    // 2 a day until 14 days ago, then 100 a day
    sold(code, ago -> ago < 14 ? 100 : 2);
    LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(13);
    JsonObject before = forecast(code, "?from=" + from + "&days=7");
    assertEquals("computed", before.getString("source"), before::encode);
    assertEquals(HISTORY_DAYS - 14, before.getInteger("history_days"), before::encode);
    before.getJsonArray("items").forEach(d -> assertTrue(((JsonObject) d).getDouble("high") < 10, before::encode));
    JsonObject naive = forecast(code, "?from=" + from + "&days=7&method=seasonal_naive");
    assertEquals("seasonal_naive", naive.getString("method"));
    naive.getJsonArray("items").forEach(d -> assertEquals(2.0, ((JsonObject) d).getDouble("units"), naive::encode));
    JsonObject after = forecast(code, "?days=7&method=seasonal_naive");
    after.getJsonArray("items").forEach(d -> assertEquals(100.0, ((JsonObject) d).getDouble("units"), after::encode));
  }

  @Test
  @DisplayName("the restock report lists a SKU that will run out, not one with plenty; the same list as CSV")
  void restock() {
    String short1 = "SHORT-" + run;
    String plenty = "PLENTY-" + run;
    shop.sku(short1, 500, 5);
    shop.sku(plenty, 500, 10_000);
    sold(short1, ago -> 3);
    sold(plenty, ago -> 3);
    train();

    List<JsonObject> listed = restockItems();
    JsonObject item = listed.stream().filter(i -> short1.equals(i.getString("sku_code"))).findFirst()
      .orElseThrow(() -> new AssertionError(short1 + " not listed: " + listed));
    assertTrue(listed.stream().noneMatch(i -> plenty.equals(i.getString("sku_code"))), listed::toString);
    assertEquals(5, item.getInteger("available"));
    assertEquals(42.0, item.getDouble("forecast_units"), 1.0, item::encode);
    assertEquals(2, item.getInteger("runs_out_day"), item::encode);
    for (int i = 1; i < listed.size(); i++) {
      assertTrue(listed.get(i - 1).getInteger("runs_out_day") <= listed.get(i).getInteger("runs_out_day"));
    }

    Reply csv = api.call(HttpMethod.GET, "/api/v1/admin/inventory/restock?lead_days=14").bearer(admin)
      .header("Accept", "text/csv").send();
    assertEquals(200, csv.status(), csv::toString);
    assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv::toString);
    String text = csv.body().toString();
    assertTrue(text.startsWith("sku_code,"), text);
    assertTrue(text.contains("\n" + short1 + ","), text);
    assertFalse(text.contains(plenty), text);
    Reply format = api.get("/api/v1/admin/inventory/restock?lead_days=14&format=csv", admin);
    assertEquals(text.lines().count(), format.body().toString().lines().count());
  }

  /** Every page of the report (two a page, to walk the cursor). */
  private List<JsonObject> restockItems() {
    List<JsonObject> items = new java.util.ArrayList<>();
    String cursor = null;
    do {
      Reply page = api.get("/api/v1/admin/inventory/restock?lead_days=14&limit=2"
        + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertEquals(200, page.status(), page::toString);
      page.json().getJsonArray("items").forEach(i -> items.add((JsonObject) i));
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    return items;
  }

  @Test
  @DisplayName("admin only (401 without a token, 403 for customers and agents); 404 unknown SKU; 400 names the field")
  void accessAndInput() {
    String customer = shop.customers(1).get(0);
    String agent = Agents.create(api, admin).token();
    String code = "ANY-" + run;
    shop.sku(code, 500, 1);
    for (String token : new String[] {customer, agent}) {
      assertEquals(403, api.get("/api/v1/admin/skus/" + code + "/forecast", token).status());
      assertEquals(403, api.get("/api/v1/admin/inventory/restock", token).status());
      assertEquals(403, api.get("/api/v1/admin/predictions/status", token).status());
      assertEquals(403, api.post("/api/v1/admin/predictions:train", token, null).status());
    }
    assertEquals(401, api.get("/api/v1/admin/skus/" + code + "/forecast", null).status());
    assertEquals(401, api.get("/api/v1/admin/inventory/restock", null).status());
    assertEquals(404, api.get("/api/v1/admin/skus/NOPE-" + run + "/forecast", admin).status());
    assertEquals(404, api.get("/api/v1/admin/skus/" + UUID.randomUUID() + "/forecast", admin).status());
    badParameter("/api/v1/admin/skus/" + code + "/forecast?days=0", "days");
    badParameter("/api/v1/admin/skus/" + code + "/forecast?days=abc", "days");
    badParameter("/api/v1/admin/skus/" + code + "/forecast?days=1000", "days");
    badParameter("/api/v1/admin/skus/" + code + "/forecast?from=2011-13-45", "from");
    badParameter("/api/v1/admin/skus/" + code + "/forecast?method=magic", "method");
    badParameter("/api/v1/admin/inventory/restock?lead_days=-1", "lead_days");
    badParameter("/api/v1/admin/inventory/restock?format=xml", "format");
    badParameter("/api/v1/admin/inventory/restock?cursor=bm9wZQ", "cursor");
    Reply train = api.post("/api/v1/admin/predictions:train?from=yesterday", admin, null);
    assertEquals(400, train.status(), train::toString);
    assertTrue(train.body().toString().contains("\"from\""), train::toString);
  }

  private void badParameter(String path, String field) {
    Reply reply = api.get(path, admin);
    assertEquals(400, reply.status(), reply::toString);
    assertEquals("application/problem+json", reply.header("Content-Type"), reply::toString);
    assertTrue(reply.body().toString().contains("\"" + field + "\""), reply::toString);
  }
}
