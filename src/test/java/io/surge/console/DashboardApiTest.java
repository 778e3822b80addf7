package io.surge.console;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/admin/dashboard}: admins only, a bounded window, and aggregates that match what was made. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class DashboardApiTest {

  /** ISO 4217's code for testing: no other test sells in it, so its series holds exactly this test's orders. */
  private static final String TEST_CURRENCY = "XTS";

  @Test
  @DisplayName("no token gets 401, a customer 403, and a window outside 1..dashboardMaxDays 400 naming days")
  void refusals(Vertx vertx) {
    Api api = new Api(vertx);
    assertEquals(401, api.get("/api/v1/admin/dashboard", null).status());
    assertEquals(403, api.get("/api/v1/admin/dashboard", api.customerToken()).status());
    String admin = api.adminToken();
    for (String days : new String[] {"0", "367", "-3", "seven", "99999999999999999999"}) {
      Reply reply = api.get("/api/v1/admin/dashboard?days=" + days, admin);
      assertEquals(400, reply.status(), days + ": " + reply);
      assertEquals("days", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
    }
    assertEquals(200, api.get("/api/v1/admin/dashboard?days=366", admin).status(), "the largest window");
  }

  @Test
  @DisplayName("orders and revenue per UTC day and currency count paid-or-later orders in the window; the waiting counts and low stock follow what the test adds")
  void aggregates(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String admin = shop.admin();
    JsonObject before = api.get("/api/v1/admin/dashboard?days=7", admin).json();

    UUID customer = UUID.fromString(api.register("dash-" + UUID.randomUUID() + "@example.com").getString("id"));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate today = now.toLocalDate();
    // two counted orders two days ago, one today; a cancelled and an unpaid one today and an old one are not counted
    order(customer, "paid", 1000, now.minusDays(2));
    order(customer, "shipped", 500, now.minusDays(2));
    order(customer, "delivered", 200, now);
    order(customer, "cancelled", 999, now);
    order(customer, "pending_payment", 999, now);
    order(customer, "completed", 777, now.minusDays(9));
    sql("INSERT INTO tickets (customer_id, subject, status) VALUES ($1, 'Where is my lamp?', 'new'), "
      + "($1, 'Thanks', 'solved')", Tuple.of(customer));
    sql("INSERT INTO payment_discrepancies (kind, provider_payment_id, amount, currency) "
      + "VALUES ('paid_without_payment', $1, 100, 'EUR')", Tuple.of("pi_" + UUID.randomUUID()));
    String tag = UUID.randomUUID().toString().substring(0, 6);
    // "0…" sorts first among the emptiest, so the few named SKUs include it
    String empty = "0-LOW-" + tag;
    String emptyId = shop.sku(empty, 1500, 0);
    shop.sku("PLENTY-" + tag, 1500, 50);

    JsonObject after = api.get("/api/v1/admin/dashboard?days=7", admin).json();
    assertEquals(7, after.getInteger("days"));
    assertEquals(today.toString(), after.getString("to"));
    assertEquals(today.minusDays(6).toString(), after.getString("from"));
    JsonObject series = after.getJsonArray("sales").stream().map(JsonObject.class::cast)
      .filter(s -> TEST_CURRENCY.equals(s.getString("currency"))).findFirst()
      .orElseThrow(() -> new AssertionError(after.encode()));
    assertEquals(3, series.getLong("orders"), series::toString);
    assertEquals(new JsonObject().put("amount", 1700).put("currency", TEST_CURRENCY), series.getJsonObject("revenue"));
    JsonArray perDay = series.getJsonArray("per_day");
    assertEquals(7, perDay.size());
    for (int i = 0; i < 7; i++) {
      JsonObject day = perDay.getJsonObject(i);
      assertEquals(today.minusDays(6 - i).toString(), day.getString("date"));
      long orders = i == 4 ? 2 : i == 6 ? 1 : 0;
      long revenue = i == 4 ? 1500 : i == 6 ? 200 : 0;
      assertEquals(orders, day.getLong("orders"), day::toString);
      assertEquals(revenue, day.getLong("revenue"), day::toString);
    }
    assertEquals(1, after.getLong("to_ship") - before.getLong("to_ship"), "one more paid order");
    assertEquals(1, after.getLong("open_tickets") - before.getLong("open_tickets"), "the solved one is not open");
    assertEquals(1, after.getLong("payment_discrepancies") - before.getLong("payment_discrepancies"));
    assertEquals(before.getLong("reviews_to_moderate"), after.getLong("reviews_to_moderate"));
    JsonObject low = after.getJsonObject("low_stock");
    assertEquals(5, low.getInteger("threshold"));
    assertEquals(1, low.getLong("count") - before.getJsonObject("low_stock").getLong("count"), low::toString);
    JsonObject named = low.getJsonArray("skus").stream().map(JsonObject.class::cast)
      .filter(sku -> empty.equals(sku.getString("code"))).findFirst()
      .orElseThrow(() -> new AssertionError(low.encode()));
    assertEquals(emptyId, named.getString("sku_id"));
    assertEquals(0, named.getInteger("available"));
    assertEquals("Product " + empty, named.getString("product_title"));
    assertTrue(low.getJsonArray("skus").size() <= 10, "at most console.lowStockShown");
  }

  private static void order(UUID customer, String status, long total, OffsetDateTime placed) {
    sql("INSERT INTO orders (user_id, status, currency, subtotal_amount, total_amount, item_count, shipping_address,"
      + " created_at) VALUES ($1, $2, $3, $4, $4, 1, '{}', $5)",
      Tuple.of(customer, status, TEST_CURRENCY, total, placed));
  }

  private static void sql(String sql, Tuple params) {
    Wait.forResult(TestServer.db().preparedQuery(sql).execute(params));
  }
}
