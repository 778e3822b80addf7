package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.Shoppers;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Things that arrive together: confirmations with webhooks, duplicate creations, concurrent refunds. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PaymentRaceTest {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentRaceTest.class);

  private Api api;
  private PaymentFixtures shop;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
    shop = new PaymentFixtures(api, vertx);
  }

  @Test
  @DisplayName("client confirmation and webhook arriving together, 100 times: every order paid exactly once, one payment.succeeded each")
  void confirmationRacesWebhook() {
    int orders = 100;
    String sku = shop.sku("RACE-1", 700, orders);
    List<String> tokens = Shoppers.mint(vertx, orders);
    List<String> orderIds = new ArrayList<>();
    List<JsonObject> payments = new ArrayList<>();
    for (String token : tokens) {
      String orderId = shop.order(token, sku, 1);
      orderIds.add(orderId);
      payments.add(shop.payment(token, orderId));
    }
    // The provider's own deliveries are held back: the test delivers the event itself, at the same moment as the
    // client.
    shop.faults(new JsonObject().put("drop_webhooks", true));
    List<Buffer> events = new ArrayList<>();
    for (JsonObject payment : payments) {
      JsonObject intent = shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
      events.add(PaymentFixtures.event("evt_race_" + payment.getString("id"), "payment_intent.succeeded", intent));
    }

    long start = System.nanoTime();
    List<Future<Reply>> webhooks = new ArrayList<>();
    List<Future<Reply>> confirmations = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      Buffer event = events.get(i);
      webhooks.add(shop.webhookAsync(event, PaymentFixtures.signed(event)));
      confirmations.add(api.call(HttpMethod.POST, "/api/v1/payments/" + payments.get(i).getString("id") + "/confirm")
        .bearer(tokens.get(i)).sendAsync(null, null));
    }
    List<Future<Reply>> replies = new ArrayList<>(webhooks);
    replies.addAll(confirmations);
    Wait.forResult(Future.join(replies));
    LOG.info("{} webhooks and {} confirmations racing: all answered in {} ms", orders, orders,
      (System.nanoTime() - start) / 1_000_000);
    for (int i = 0; i < orders; i++) {
      assertEquals(200, webhooks.get(i).result().status(), webhooks.get(i).result()::toString);
      assertEquals(200, confirmations.get(i).result().status(), confirmations.get(i).result()::toString);
      assertEquals("succeeded", confirmations.get(i).result().json().getString("status"));
    }

    Map<String, Long> paidRows = Wait.forResult(TestServer.db().preparedQuery(
      "SELECT order_id, count(*) AS n FROM order_history WHERE to_status = 'paid' AND order_id = ANY($1) GROUP BY order_id")
      .execute(Tuple.of((Object) orderIds.stream().map(UUID::fromString).toArray(UUID[]::new))))
      .stream().collect(Collectors.toMap(row -> row.getUUID("order_id").toString(), row -> row.getLong("n")));
    assertEquals(Set.copyOf(orderIds), paidRows.keySet(), "every order was paid");
    assertTrue(paidRows.values().stream().allMatch(n -> n == 1), () -> "a double transition: " + paidRows);
    assertEquals(orders, PaymentFixtures.count("SELECT count(*) FROM orders WHERE status = 'paid'"));
    assertEquals(orders, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.succeeded'"));
    assertEquals(orders, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'order.paid'"));
    assertEquals(orders, PaymentFixtures.count("SELECT count(*) FROM payments WHERE order_outcome = 'paid'"));
  }

  @Test
  @DisplayName("the same payment creation sent 10 times at once with one key: one intent at the provider; other keys find the same payment")
  void noDoubleCharge() {
    String sku = shop.sku("RACE-2", 5000, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    List<Future<Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
        .header("Idempotency-Key", "same-key").sendAsync(null, null));
    }
    Wait.forResult(Future.join(sent));
    Set<String> ids = new java.util.HashSet<>();
    for (Future<Reply> reply : sent) {
      int status = reply.result().status();
      assertTrue(status == 201 || status == 409, reply.result()::toString);
      if (status == 201) {
        ids.add(reply.result().json().getString("id"));
      } else {
        assertEquals("idempotency_key_in_flight", reply.result().code());
      }
    }
    Reply replay = shop.pay(token, orderId, "same-key");
    assertEquals(201, replay.status());
    ids.add(replay.json().getString("id"));
    assertEquals(1, ids.size(), ids::toString);
    assertEquals(1, shop.stats().getInteger("intents"), "one intent at the provider");
    assertEquals(1, shop.stats().getInteger("create_calls"));

    List<Future<Reply>> manyKeys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      manyKeys.add(api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
        .header("Idempotency-Key", "key-" + i).sendAsync(null, null));
    }
    Wait.forResult(Future.join(manyKeys));
    for (Future<Reply> reply : manyKeys) {
      assertEquals(200, reply.result().status(), reply.result()::toString);
      assertEquals(ids.iterator().next(), reply.result().json().getString("id"));
    }
    assertEquals(1, shop.stats().getInteger("intents"));
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM payments"));
  }

  @Test
  @DisplayName("20 concurrent partial refunds of one payment: the total never exceeds the captured amount, one provider call per key, and the database refuses more")
  void concurrentRefunds() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("RACE-3", 10_000, 1);
    String orderId = paid.orderId();
    String paymentId = paid.paymentId();

    long start = System.nanoTime();
    List<Future<Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(api.call(HttpMethod.POST, "/api/v1/admin/payments/" + paymentId + "/refunds").bearer(shop.admin())
        .header("Idempotency-Key", "refund-" + i)
        .sendAsync(new JsonObject().put("amount", 700).put("reason", "goodwill").toBuffer(),
          "application/json"));
    }
    Wait.forResult(Future.join(sent));
    LOG.info("20 concurrent refunds answered in {} ms", (System.nanoTime() - start) / 1_000_000);
    long accepted = sent.stream().filter(f -> f.result().status() == 201).count();
    long refused = sent.stream()
      .filter(f -> f.result().status() == 409 && "refund_exceeds_captured".equals(f.result().code())).count();
    assertEquals(14, accepted, () -> sent.stream().map(f -> f.result().toString()).toList().toString());
    assertEquals(6, refused);

    JsonObject after = api.get("/api/v1/payments/" + paymentId, shop.admin()).json();
    assertEquals(9800, after.getJsonObject("refunded").getLong("amount"));
    assertEquals(14, after.getJsonArray("refunds").size());
    JsonObject stats = shop.stats();
    assertEquals(9800, stats.getLong("refunded_total"), "the provider refunded exactly what Surge booked");
    assertEquals(14, stats.getInteger("refund_calls"));
    JsonObject perKey = stats.getJsonObject("calls_per_key");
    long refundKeys = perKey.fieldNames().stream().filter(k -> k.startsWith("refund:")).count();
    assertEquals(14, refundKeys);
    assertTrue(
      perKey.fieldNames().stream().filter(k -> k.startsWith("refund:")).allMatch(k -> perKey.getInteger(k) == 1),
      perKey::encode);
    shop.awaitOrder(orderId, "partially_refunded");

    PgException refusedByDb = assertThrows(PgException.class, () -> Wait.forResult(TestServer.db()
      .preparedQuery("UPDATE payments SET refunded_amount = captured_amount + 1 WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(paymentId)))));
    assertEquals("23514", refusedByDb.getSqlState(), "a CHECK keeps refunds within the captured amount");
  }
}
