package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class OrderDeadlineTest {

  private static String status(String orderId) {
    return Wait.forResult(TestServer.db().preparedQuery("SELECT status FROM orders WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(orderId)))).iterator().next().getString(0);
  }

  private static String awaitStatus(String orderId, String wanted) {
    return Wait.until("order " + orderId + " to become " + wanted, Duration.ofSeconds(10), () -> status(orderId),
      wanted::equals);
  }

  @Test
  @DisplayName("an unpaid order past its deadline is cancelled by the system and its stock is available again")
  void deadlineCancels(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String sku = shop.sku("LATE-1", 1000, 3);
    String token = api.customerToken();
    String id = shop.order(token, sku, 2);
    Wait.forResult(
      TestServer.db().preparedQuery("UPDATE orders SET payment_deadline = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))));

    assertEquals("cancelled", awaitStatus(id, "cancelled"));
    assertEquals(new JsonObject().put("on_hand", 3).put("reserved", 0), shop.stock(sku));
    JsonObject last = api.get("/api/v1/orders/" + id, token).json().getJsonArray("history").getJsonObject(1);
    assertEquals("system", last.getString("actor"));
    assertEquals("payment deadline passed", last.getString("reason"));
  }

  @Test
  @DisplayName("a deadline that passes while the server is down is honoured after the restart")
  void deadlineSurvivesRestart(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String sku = shop.sku("LATE-2", 1000, 3);
    String token = api.customerToken();
    String id = shop.order(token, sku, 1);
    Wait.forResult(
      TestServer.db().preparedQuery("UPDATE orders SET payment_deadline = now() + interval '2 seconds' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))));

    TestServer.restart();

    assertEquals("cancelled", awaitStatus(id, "cancelled"));
    assertEquals(0, new ShopFixture(new Api(vertx), vertx).stock(sku).getInteger("reserved"));
  }

  @Test
  @DisplayName("a delivered order completes by itself once the configured number of days has passed")
  void deliveredOrdersComplete(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String sku = shop.sku("DONE-1", 1000, 3);
    String token = api.customerToken();
    String id = shop.order(token, sku, 1);
    api.post("/api/v1/admin/orders/" + id + "/mark-paid", shop.admin(), null);
    api.post("/api/v1/admin/orders/" + id + "/ship", shop.admin(),
      new JsonObject().put("carrier", "UPS").put("tracking_number", "1Z"));
    assertEquals("delivered",
      api.post("/api/v1/admin/orders/" + id + "/deliver", shop.admin(), null).json().getString("status"));
    Wait.forResult(
      TestServer.db().preparedQuery("UPDATE orders SET delivered_at = now() - interval '15 days' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))));

    assertEquals("completed", awaitStatus(id, "completed"));
    JsonObject last = api.get("/api/v1/orders/" + id, token).json().getJsonArray("history").getJsonObject(4);
    assertEquals("system", last.getString("actor"));
  }
}
