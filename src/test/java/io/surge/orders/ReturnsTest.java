package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Returns after delivery: the customer asks with a reason within the window, the merchant approves (per line, with
 * restock per line) or declines; the money goes back through the sandbox provider as any refund does.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ReturnsTest {

  private static final Duration WEBHOOKS = Duration.ofSeconds(20);

  private Api api;
  private ShopFixture shop;
  private WebClient web;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
    web = WebClient.create(vertx);
    sandbox("/sandbox/reset");
  }

  /** Two lines (2 x 1000 of one SKU, 1 x 500 of another), paid through the sandbox, shipped and delivered. */
  private record Delivered(String token, String orderId, String skuA, String skuB, String paymentId) {
  }

  private Delivered delivered(String code) {
    String skuA = shop.sku(code + "-A", 1000, 10);
    String skuB = shop.sku(code + "-B", 500, 10);
    String token = api.customerToken();
    shop.addToCart(token, skuA, 2);
    shop.addToCart(token, skuB, 1);
    Reply placed = shop.checkout(token, UUID.randomUUID().toString());
    assertEquals(201, placed.status(), placed::toString);
    String orderId = placed.json().getString("id");
    Reply payment = api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
      .header("Idempotency-Key", UUID.randomUUID().toString()).send();
    assertEquals(201, payment.status(), payment::toString);
    sandbox("/sandbox/intents/" + payment.json().getString("provider_payment_id") + "/succeed");
    awaitOrder(orderId, "paid");
    Reply shipped = api.post("/api/v1/admin/orders/" + orderId + "/ship", shop.admin(),
      new JsonObject().put("carrier", "DHL").put("tracking_number", "R-" + code));
    assertEquals(200, shipped.status(), shipped::toString);
    Reply delivered = api.post("/api/v1/admin/orders/" + orderId + "/deliver", shop.admin(), null);
    assertEquals("delivered", delivered.json().getString("status"), delivered::toString);
    return new Delivered(token, orderId, skuA, skuB, payment.json().getString("id"));
  }

  private Reply requestReturn(String token, String orderId, JsonObject body) {
    return api.post("/api/v1/orders/" + orderId + "/returns", token, body);
  }

  @Test
  @DisplayName("a return needs a reason (400 naming reason), is one open at a time (409), and another customer's order is 404")
  void askingRules() {
    Delivered order = delivered("RET-1");
    Reply noReason = requestReturn(order.token(), order.orderId(), new JsonObject());
    assertEquals(400, noReason.status(), noReason::toString);
    assertTrue(noReason.toString().contains("reason"), noReason::toString);
    Reply blank = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "   "));
    assertEquals(400, blank.status(), blank::toString);
    assertTrue(blank.toString().contains("reason"), blank::toString);
    assertEquals("delivered", order(order.token(), order.orderId()).getString("status"),
      "a refused request changes nothing");

    Reply someoneElse = requestReturn(api.customerToken(), order.orderId(), new JsonObject().put("reason", "mine now"));
    assertEquals(404, someoneElse.status(), someoneElse::toString);

    Reply first = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "too small"));
    assertEquals(201, first.status(), first::toString);
    assertEquals("requested", first.json().getString("status"));
    assertEquals("refund_requested", order(order.token(), order.orderId()).getString("status"));
    Reply second = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "still too small"));
    assertEquals(409, second.status(), second::toString);
    assertEquals("return_already_open", second.code());
  }

  @Test
  @DisplayName("outside orders.returnWindowDays after delivery a return is refused (409) and the order stays as it was")
  void outsideTheWindow() {
    Delivered order = delivered("RET-2");
    Wait.forResult(TestServer.db()
      .preparedQuery("UPDATE orders SET delivered_at = now() - interval '31 days' WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(order.orderId()))));
    Reply late = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "changed my mind"));
    assertEquals(409, late.status(), late::toString);
    assertEquals("return_window_closed", late.code());
    assertTrue(order(order.token(), order.orderId()).getJsonArray("returns").isEmpty());
  }

  @Test
  @DisplayName("a delivered order can no longer be cancelled into refund_requested without a reason")
  void noRefundByCancelAfterDelivery() {
    Delivered order = delivered("RET-3");
    Reply cancel = api.post("/api/v1/orders/" + order.orderId() + "/cancel", order.token(), null);
    assertEquals(409, cancel.status(), cancel::toString);
    assertEquals("delivered", order(order.token(), order.orderId()).getString("status"));
  }

  @Test
  @DisplayName("declined: the order goes back to delivered and the customer sees the merchant's reason; events for each step")
  void declined() {
    Delivered order = delivered("RET-4");
    Reply asked = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "does not fit"));
    assertEquals(201, asked.status(), asked::toString);
    String returnId = asked.json().getString("id");

    Reply noReason = api.post("/api/v1/admin/returns/" + returnId + "/decline", shop.admin(), new JsonObject());
    assertEquals(400, noReason.status(), noReason::toString);
    assertTrue(noReason.toString().contains("reason"), noReason::toString);
    Reply byCustomer = api.post("/api/v1/admin/returns/" + returnId + "/decline", order.token(),
      new JsonObject().put("reason", "no"));
    assertEquals(403, byCustomer.status(), byCustomer::toString);

    Reply declined = api.post("/api/v1/admin/returns/" + returnId + "/decline", shop.admin(),
      new JsonObject().put("reason", "worn, tags removed"));
    assertEquals(200, declined.status(), declined::toString);
    JsonObject seen = order(order.token(), order.orderId());
    assertEquals("delivered", seen.getString("status"));
    JsonObject request = seen.getJsonArray("returns").getJsonObject(0);
    assertEquals("declined", request.getString("status"));
    assertEquals("does not fit", request.getString("reason"));
    assertEquals("worn, tags removed", request.getString("decision_reason"));
    JsonArray history = seen.getJsonArray("history");
    JsonObject last = history.getJsonObject(history.size() - 1);
    assertEquals("refund_requested", last.getString("from"));
    assertEquals("delivered", last.getString("to"));
    assertTrue(last.getString("reason").contains("worn, tags removed"), last::encode);

    Reply again = api.post("/api/v1/admin/returns/" + returnId + "/approve", shop.admin(), new JsonObject());
    assertEquals(409, again.status(), again::toString);
    assertEquals("return_decided", again.code());
    Reply listed = api.get("/api/v1/admin/returns?status=declined", shop.admin());
    assertEquals(200, listed.status(), listed::toString);
    assertTrue(listed.json().getJsonArray("items").stream()
      .anyMatch(item -> returnId.equals(((JsonObject) item).getString("id"))), listed::toString);
    assertEquals(List.of("order.return_requested", "order.return_declined"), returnEvents(order.orderId(), 2));
  }

  @Test
  @DisplayName("approve one of two lines with restock: that line's amount is refunded, only its stock comes back, the order is partially_refunded")
  void approvedOneLine() {
    Delivered order = delivered("RET-5");
    JsonArray lines = order(order.token(), order.orderId()).getJsonArray("lines");
    int lineA = lineOf(lines, order.skuA());
    assertEquals(8, shop.stock(order.skuA()).getInteger("on_hand"), "shipped");
    assertEquals(9, shop.stock(order.skuB()).getInteger("on_hand"), "shipped");

    Reply asked = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "wrong colour"));
    assertEquals(201, asked.status(), asked::toString);
    String returnId = asked.json().getString("id");
    Reply pending = api.get("/api/v1/admin/returns?status=requested", shop.admin());
    assertTrue(pending.json().getJsonArray("items").stream()
      .anyMatch(item -> returnId.equals(((JsonObject) item).getString("id"))), pending::toString);

    Reply unknownLine = api.post("/api/v1/admin/returns/" + returnId + "/approve", shop.admin(), new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("line_no", 99))));
    assertEquals(400, unknownLine.status(), unknownLine::toString);

    Reply approved = api.post("/api/v1/admin/returns/" + returnId + "/approve", shop.admin(), new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("line_no", lineA).put("restock", true))));
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("approved", approved.json().getString("status"));
    assertEquals(2000, approved.json().getJsonObject("refund").getLong("amount"));

    JsonObject payment = Wait.until("the return's refund on the payment", WEBHOOKS,
      () -> api.get("/api/v1/payments/" + order.paymentId(), shop.admin()).json(),
      p -> p.getJsonObject("refunded") != null && p.getJsonObject("refunded").getLong("amount") == 2000);
    assertEquals(1, payment.getJsonArray("refunds").size(), payment::encode);
    JsonObject seen = awaitOrder(order.orderId(), "partially_refunded");
    assertEquals(10, shop.stock(order.skuA()).getInteger("on_hand"), "the returned line is back on the shelf");
    assertEquals(9, shop.stock(order.skuB()).getInteger("on_hand"), "the kept line is not");
    JsonObject request = order(order.token(), order.orderId()).getJsonArray("returns").getJsonObject(0);
    assertEquals("approved", request.getString("status"));
    assertEquals(2000, request.getJsonObject("refund").getLong("amount"));
    assertTrue(seen.getJsonArray("history").stream()
      .anyMatch(h -> String.valueOf(((JsonObject) h).getString("reason")).startsWith("return approved")), seen::encode);

    Reply retried = api.post("/api/v1/admin/returns/" + returnId + "/approve", shop.admin(), new JsonObject());
    assertEquals(200, retried.status(), retried::toString);
    assertEquals(1,
      api.get("/api/v1/payments/" + order.paymentId(), shop.admin()).json().getJsonArray("refunds").size(),
      "approving again asks for the same refund, not a second one");
    assertEquals(10, shop.stock(order.skuA()).getInteger("on_hand"), "nor restocks again");
    assertEquals(List.of("order.return_requested", "order.return_approved"), returnEvents(order.orderId(), 2));
  }

  @Test
  @DisplayName("approve everything asked, goods kept: the whole amount is refunded, the order is refunded, no stock moves")
  void approvedInFull() {
    Delivered order = delivered("RET-6");
    Reply asked = requestReturn(order.token(), order.orderId(), new JsonObject().put("reason", "arrived broken"));
    assertEquals(201, asked.status(), asked::toString);
    Reply approved = api.post("/api/v1/admin/returns/" + asked.json().getString("id") + "/approve", shop.admin(),
      null);
    assertEquals(200, approved.status(), approved::toString);
    assertEquals(2500, approved.json().getJsonObject("refund").getLong("amount"));
    awaitOrder(order.orderId(), "refunded");
    assertEquals(8, shop.stock(order.skuA()).getInteger("on_hand"));
    assertEquals(9, shop.stock(order.skuB()).getInteger("on_hand"));
  }

  private static int lineOf(JsonArray lines, String skuId) {
    for (int i = 0; i < lines.size(); i++) {
      if (skuId.equals(lines.getJsonObject(i).getString("sku_id"))) {
        return lines.getJsonObject(i).getInteger("line_no");
      }
    }
    throw new AssertionError("no line of " + skuId + " in " + lines.encode());
  }

  private JsonObject order(String token, String orderId) {
    Reply reply = api.get("/api/v1/orders/" + orderId, token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private JsonObject awaitOrder(String orderId, String status) {
    return Wait.until("order " + orderId + " to be " + status, WEBHOOKS,
      () -> api.get("/api/v1/admin/orders/" + orderId, shop.admin()).json(),
      order -> status.equals(order.getString("status")));
  }

  /** The order's return events in the outbox, in order, once {@code expected} are there. */
  private static List<String> returnEvents(String orderId, int expected) {
    return Wait.until("return events of " + orderId, WEBHOOKS, () -> {
      List<String> types = new ArrayList<>();
      for (Row row : Wait.forResult(TestServer.db()
        .preparedQuery("SELECT type FROM outbox WHERE aggregate_id = $1 AND type LIKE 'order.return_%' ORDER BY seq")
        .execute(Tuple.of(UUID.fromString(orderId))))) {
        types.add(row.getString("type"));
      }
      return types;
    }, types -> types.size() >= expected);
  }

  private void sandbox(String path) {
    JsonObject payments = TestServer.config().getJsonObject("payments");
    HttpResponse<Buffer> response = Wait.forResult(web.requestAbs(HttpMethod.POST, payments.getString("baseUrl") + path)
      .putHeader("Authorization", "Bearer " + payments.getString("apiKey")).sendBuffer(Buffer.buffer()));
    assertTrue(response.statusCode() < 300, () -> path + ": " + response.statusCode() + " " + response.bodyAsString());
  }
}
