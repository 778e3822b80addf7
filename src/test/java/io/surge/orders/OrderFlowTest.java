package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class OrderFlowTest {

  private Api api;
  private ShopFixture shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
  }

  private Reply admin(String action, String orderId, JsonObject body) {
    return api.post("/api/v1/admin/orders/" + orderId + "/" + action, shop.admin(), body);
  }

  @Test
  @DisplayName("the checkout's 201 is the order exactly as it reads back (lines, history, returns), though built without a read")
  void checkoutAnswerIsTheStoredOrder() {
    String tee = shop.sku("ECHO-TEE", 1500, 10);
    String mug = shop.sku("ECHO-MUG", 899, 10);
    String token = api.customerToken();
    shop.addToCart(token, mug, 1);
    shop.addToCart(token, tee, 3);

    Reply placed = shop.checkout(token, "echo-1");
    assertEquals(201, placed.status(), placed::toString);
    assertEquals(2, placed.json().getJsonArray("lines").size());
    assertEquals(1, placed.json().getJsonArray("history").size());
    assertEquals(api.get("/api/v1/orders/" + placed.json().getString("id"), token).json(), placed.json());
    Reply replayed = shop.checkout(token, "echo-1");
    assertEquals("true", replayed.header("Idempotent-Replayed"), "the answer was recorded with the order");
    assertEquals(placed.json(), replayed.json());
    assertEquals(placed.header("Location"), replayed.header("Location"));
  }

  @Test
  @DisplayName("cart -> checkout -> paid -> shipped -> delivered -> receipt confirmed: states, stock, history and Kafka events")
  void wholeLifecycle() {
    String sku = shop.sku("TEE-1", 1500, 10);
    String token = api.customerToken();
    shop.addToCart(token, sku, 2);

    Reply placed = shop.checkout(token, "order-1");
    assertEquals(201, placed.status(), placed::toString);
    JsonObject order = placed.json();
    String id = order.getString("id");
    assertEquals("pending_payment", order.getString("status"));
    assertEquals(3000, order.getJsonObject("total").getLong("amount"));
    assertNotNull(order.getString("payment_deadline"));
    assertEquals("London", order.getJsonObject("shipping_address").getString("city"));
    assertEquals(0, api.get("/api/v1/cart", token).json().getJsonArray("lines").size(), "the cart is emptied");
    assertEquals(new JsonObject().put("on_hand", 10).put("reserved", 2), shop.stock(sku));

    assertEquals("paid", admin("mark-paid", id, null).json().getString("status"));
    Reply shipped = admin("ship", id, new JsonObject().put("carrier", "DHL").put("tracking_number", "JD0001"));
    assertEquals("shipped", shipped.json().getString("status"), shipped::toString);
    assertEquals("JD0001", shipped.json().getString("tracking_number"));
    assertEquals(new JsonObject().put("on_hand", 8).put("reserved", 0), shop.stock(sku),
      "shipping takes the goods off the shelf");
    assertEquals("delivered", admin("deliver", id, null).json().getString("status"));
    Reply completed = api.post("/api/v1/orders/" + id + "/confirm-receipt", token, null);
    assertEquals("completed", completed.json().getString("status"), completed::toString);

    assertEquals(List.of("pending_payment", "paid", "shipped", "delivered", "completed"),
      completed.json().getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("to")).toList());
    assertEquals(5, completed.json().getInteger("version"));

    List<JsonObject> events = OrderEvents.read(Set.of(id), 5, Duration.ofSeconds(20));
    assertEquals(List.of("order.created", "order.paid", "order.shipped", "order.delivered", "order.completed"),
      events.stream().map(e -> e.getString("type")).toList());
    assertEquals(List.of(1, 2, 3, 4, 5), events.stream().map(e -> e.getInteger("version")).toList());
    for (JsonObject event : events) {
      assertEquals(id, event.getString("aggregate_id"));
      assertNotNull(event.getString("id"));
      assertNotNull(event.getString("occurred_at"));
      assertNotNull(event.getJsonObject("data"));
    }
  }

  @Test
  @DisplayName("illegal transitions answer 409 with the current state; a customer cancels before payment and the stock returns")
  void transitionsAndCancel() {
    String sku = shop.sku("MUG-9", 900, 5);
    String token = api.customerToken();
    String id = shop.order(token, sku, 3);

    Reply early = admin("ship", id, new JsonObject().put("carrier", "DHL").put("tracking_number", "X"));
    assertEquals(409, early.status());
    assertEquals("illegal_transition", early.code());
    assertTrue(early.json().getString("detail").contains("pending_payment"));
    assertEquals(409, api.post("/api/v1/orders/" + id + "/confirm-receipt", token, null).status());

    Reply cancelled = api.post("/api/v1/orders/" + id + "/cancel", token,
      new JsonObject().put("reason", "changed my mind"));
    assertEquals("cancelled", cancelled.json().getString("status"), cancelled::toString);
    assertEquals(new JsonObject().put("on_hand", 5).put("reserved", 0), shop.stock(sku));
    assertEquals(409, admin("mark-paid", id, null).status(), "a cancelled order cannot be paid");
  }

  @Test
  @DisplayName("user B cannot read, cancel or confirm user A's order (404), and a customer cannot use admin order routes")
  void ownership() {
    String sku = shop.sku("PEN-1", 300, 5);
    String alice = api.customerToken();
    String bob = api.customerToken();
    String id = shop.order(alice, sku, 1);

    assertEquals(404, api.get("/api/v1/orders/" + id, bob).status());
    assertEquals(404, api.post("/api/v1/orders/" + id + "/cancel", bob, null).status());
    assertEquals(404, api.post("/api/v1/orders/" + id + "/confirm-receipt", bob, null).status());
    assertEquals(0, api.get("/api/v1/orders", bob).json().getJsonArray("items").size());
    assertEquals(403, api.post("/api/v1/admin/orders/" + id + "/mark-paid", alice, null).status());
    assertEquals("pending_payment", api.get("/api/v1/orders/" + id, alice).json().getString("status"));
  }

  @Test
  @DisplayName("a short SKU gets 409 naming it and what is available; nothing is reserved; the limit per customer holds")
  void shortStockAndLimits() {
    String plenty = shop.sku("A-PLENTY", 100, 50);
    String scarce = shop.sku("B-SCARCE", 100, 1);
    String token = api.customerToken();
    shop.addToCart(token, plenty, 2);
    shop.addToCart(token, scarce, 1);
    Wait.forResult(TestServer.db().query("UPDATE skus SET reserved = 1 WHERE code = 'B-SCARCE'").execute());

    Reply failed = shop.checkout(token, "order-4");
    assertEquals(409, failed.status(), failed::toString);
    assertEquals("insufficient_stock", failed.code());
    assertEquals("sku:B-SCARCE", failed.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, shop.stock(plenty).getInteger("reserved"), "the rollback released the other line");
    assertEquals(0, TestServer.count("SELECT count(*) FROM orders"));
    Reply replayed = shop.checkout(token, "order-4");
    assertEquals(409, replayed.status(), "the rolled-back checkout's answer is what its key replays");
    assertEquals("true", replayed.header("Idempotent-Replayed"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM orders"));

    String limited = shop.sku("C-LIMITED", 100, 50, 2);
    String buyer = api.customerToken();
    shop.addToCart(buyer, limited, 2);
    assertEquals(201, shop.checkout(buyer, "order-5").status());
    shop.addToCart(buyer, limited, 1);
    Reply overLimit = shop.checkout(buyer, "order-6");
    assertEquals(409, overLimit.status());
    assertEquals("purchase_limit_exceeded", overLimit.code());
  }

  @Test
  @DisplayName("customers page through their own orders newest first; admins filter by state and customer")
  void lists() {
    String sku = shop.sku("SOCK-1", 200, 100);
    String token = api.customerToken();
    for (int i = 0; i < 3; i++) {
      shop.addToCart(token, sku, 1);
      assertEquals(201, shop.checkout(token, "list-" + i).status());
    }
    JsonObject first = api.get("/api/v1/orders?limit=2", token).json();
    assertEquals(2, first.getJsonArray("items").size());
    JsonObject second = api.get("/api/v1/orders?limit=2&cursor=" + first.getString("next_cursor"), token).json();
    assertEquals(1, second.getJsonArray("items").size());
    String newest = first.getJsonArray("items").getJsonObject(0).getString("id");
    admin("mark-paid", newest, null);
    JsonObject paid = api.get("/api/v1/admin/orders?status=paid", shop.admin()).json();
    assertEquals(1, paid.getJsonArray("items").size());
    assertEquals(newest, paid.getJsonArray("items").getJsonObject(0).getString("id"));
  }
}
