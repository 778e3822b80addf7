package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PaymentFlowTest {

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
  @DisplayName("checkout -> payment -> the customer pays at the sandbox -> signed webhook -> order paid -> payment.succeeded and order.paid on Kafka")
  void endToEnd() {
    String sku = shop.sku("PAY-1", 2500, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 2);

    Reply created = shop.pay(token, orderId, "pay-1");
    assertEquals(201, created.status(), created::toString);
    JsonObject payment = created.json();
    String paymentId = payment.getString("id");
    assertEquals("pending", payment.getString("status"));
    assertEquals(5000, payment.getJsonObject("amount").getLong("amount"));
    assertEquals("EUR", payment.getJsonObject("amount").getString("currency"));
    assertTrue(payment.getString("client_secret").startsWith(payment.getString("provider_payment_id") + "_secret_"));
    assertFalse(payment.containsKey("checkout_url"), "a Stripe payment intent has no checkout URL");
    assertTrue(payment.getString("publishable_key").startsWith("pk_test_"), "the publishable key, for Stripe.js");
    assertEquals("/api/v1/payments/" + paymentId, created.header("Location"));

    Reply replay = shop.pay(token, orderId, "pay-1");
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(paymentId, replay.json().getString("id"));
    Reply again = shop.pay(token, orderId, "pay-2");
    assertEquals(200, again.status(), "another key finds the order's live payment");
    assertEquals(paymentId, again.json().getString("id"));

    String intentId = payment.getString("provider_payment_id");
    assertEquals("succeeded", shop.customerAtProvider(intentId, "succeed").getString("status"));
    JsonObject paid = shop.awaitOrder(orderId, "paid");
    assertNotNull(paid.getString("paid_at"));
    assertEquals("payments", paid.getJsonArray("history").getJsonObject(1).getString("actor"));

    JsonObject settled = shop.awaitPayment(paymentId, "order_outcome", "paid");
    assertEquals("succeeded", settled.getString("status"));
    assertEquals(5000, settled.getJsonObject("captured").getLong("amount"));
    assertNull(settled.getString("client_secret"), "no secret once the payment is done");
    assertEquals(409, shop.pay(token, orderId, "pay-3").status(), "a paid order is not payable");

    List<JsonObject> paymentEvents = events("surge.payments", paymentId, 1);
    assertEquals(List.of("payment.succeeded"), paymentEvents.stream().map(e -> e.getString("type")).toList());
    assertEquals(orderId, paymentEvents.get(0).getJsonObject("data").getString("order_id"));
    List<JsonObject> orderEvents = events("surge.orders", orderId, 2);
    assertEquals(List.of("order.created", "order.paid"), orderEvents.stream().map(e -> e.getString("type")).toList());
    assertEquals(paymentId, orderEvents.get(1).getJsonObject("data").getString("payment_id"));
  }

  @Test
  @DisplayName("a declined payment keeps the order payable; the next attempt is a new payment that can succeed")
  void failedThenRetried() {
    String sku = shop.sku("PAY-2", 1000, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject first = shop.payment(token, orderId);
    shop.customerAtProvider(first.getString("provider_payment_id"), "fail");
    JsonObject failed = shop.awaitPayment(first.getString("id"), "status", "failed");
    assertEquals("card_declined", failed.getJsonObject("failure").getString("code"));
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));

    JsonObject second = shop.payment(token, orderId);
    assertNotEquals(first.getString("id"), second.getString("id"));
    assertEquals(2, second.getInteger("attempt"));
    shop.customerAtProvider(second.getString("provider_payment_id"), "succeed");
    shop.awaitOrder(orderId, "paid");
    JsonObject history = api.get("/api/v1/orders/" + orderId + "/payments", token).json();
    assertEquals(List.of("failed", "succeeded"), history.getJsonArray("items").stream()
      .map(p -> ((JsonObject) p).getString("status")).toList());
    assertEquals(List.of("payment.failed"), events("surge.payments", first.getString("id"), 1).stream()
      .map(e -> e.getString("type")).toList());
  }

  @Test
  @DisplayName("another customer gets 404 for someone's order payments and payments; customers cannot refund; admins can read any")
  void ownership() {
    String sku = shop.sku("PAY-3", 1000, 10);
    String alice = api.customerToken();
    String bob = api.customerToken();
    String orderId = shop.order(alice, sku, 1);
    JsonObject payment = shop.payment(alice, orderId);
    String paymentId = payment.getString("id");

    assertEquals(404, shop.pay(bob, orderId, "bob-1").status());
    assertEquals(404, api.get("/api/v1/orders/" + orderId + "/payments", bob).status());
    assertEquals(404, api.get("/api/v1/payments/" + paymentId, bob).status());
    assertEquals(404, api.post("/api/v1/payments/" + paymentId + "/confirm", bob, null).status());
    assertEquals(404, api.get("/api/v1/payments/not-a-uuid", alice).status());
    Reply customerRefund = api.call(HttpMethod.POST, "/api/v1/admin/payments/" + paymentId + "/refunds").bearer(alice)
      .header("Idempotency-Key", "r").send(new JsonObject().put("amount", 1).put("reason", "x"));
    assertEquals(403, customerRefund.status());
    assertEquals(403, api.post("/api/v1/admin/payments:reconcile", alice, null).status());
    assertEquals(401, api.get("/api/v1/payments/" + paymentId, null).status());

    JsonObject asAdmin = api.get("/api/v1/payments/" + paymentId, shop.admin()).json();
    assertEquals(paymentId, asAdmin.getString("id"));
    assertNull(asAdmin.getString("client_secret"), "the client secret is for the payer only");
    assertEquals(payment.getString("client_secret"),
      api.get("/api/v1/payments/" + paymentId, alice).json().getString("client_secret"));

    Reply noKey = api.post("/api/v1/orders/" + orderId + "/payments", alice, null);
    assertEquals(400, noKey.status(), "the Idempotency-Key header is required");
    assertEquals("application/problem+json", noKey.header("Content-Type"));
    Reply badRefund = shop.refund(paymentId, 0, "zero", false);
    assertEquals(400, badRefund.status());
    assertEquals("application/problem+json", badRefund.header("Content-Type"));
    Reply notPaid = shop.refund(paymentId, 100, "early", false);
    assertEquals(409, notPaid.status());
    assertEquals("payment_not_refundable", notPaid.code());

    api.post("/api/v1/orders/" + orderId + "/cancel", alice, null);
    Reply cancelled = shop.pay(alice, orderId, "after-cancel");
    assertEquals(409, cancelled.status());
    assertEquals("order_not_payable", cancelled.code());
  }

  @Test
  @DisplayName("the client's 'I paid' asks the provider: paid although the webhook never came; a status query with refresh does the same")
  void clientConfirmation() {
    String sku = shop.sku("PAY-4", 1200, 10);
    String token = api.customerToken();
    shop.faults(new JsonObject().put("drop_webhooks", true));
    String first = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, first);
    shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    assertEquals("pending", api.get("/api/v1/payments/" + payment.getString("id"), token).json().getString("status"));
    Reply confirmed = api.post("/api/v1/payments/" + payment.getString("id") + "/confirm", token, null);
    assertEquals(200, confirmed.status(), confirmed::toString);
    assertEquals("succeeded", confirmed.json().getString("status"));
    assertEquals("paid", shop.adminOrder(first).getString("status"));

    String second = shop.order(token, sku, 1);
    JsonObject other = shop.payment(token, second);
    shop.customerAtProvider(other.getString("provider_payment_id"), "fail");
    Reply refreshed = api.get("/api/v1/payments/" + other.getString("id") + "?refresh=true", token);
    assertEquals("failed", refreshed.json().getString("status"));
    assertEquals("pending_payment", shop.adminOrder(second).getString("status"));
  }

  @Test
  @DisplayName("the sandbox's test page shows the dev order's payment and paying there makes the order paid")
  void sandboxPage() {
    String sku = shop.sku("PAY-5", 1999, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    String checkoutUrl = PaymentFixtures.payments().getString("baseUrl") + "/sandbox/pay/"
      + shop.payment(token, orderId).getString("provider_payment_id");
    WebClient browser = WebClient.create(vertx);
    HttpResponse<Buffer> page = Wait.forResult(browser.getAbs(checkoutUrl).send());
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("19.99 EUR"), page.bodyAsString());
    assertTrue(page.bodyAsString().contains(orderId));
    HttpResponse<Buffer> paid = Wait.forResult(browser.postAbs(checkoutUrl).followRedirects(false).sendForm(
      io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("outcome", "succeed")));
    assertEquals(303, paid.statusCode());
    shop.awaitOrder(orderId, "paid");
  }

  @Test
  @DisplayName("a paid order the customer cancels before shipment is refunded in full automatically and its stock reservation returns")
  void cancelledAfterPayment() {
    String sku = shop.sku("PAY-6", 1500, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 3);
    JsonObject payment = shop.payment(token, orderId);
    shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    shop.awaitOrder(orderId, "paid");
    assertEquals("refund_requested",
      api.post("/api/v1/orders/" + orderId + "/cancel", token, null).json().getString("status"));

    JsonObject refunded = shop.awaitOrder(orderId, "refunded");
    assertEquals("refunded", refunded.getJsonArray("history").getJsonObject(3).getString("to"));
    JsonObject after = shop.awaitPayment(payment.getString("id"), "refunded",
      new JsonObject().put("amount", 4500).put("currency", "EUR"));
    assertEquals("system", after.getJsonArray("refunds").getJsonObject(0).getString("initiated_by"));
    assertEquals(0, PaymentFixtures.count("SELECT reserved::bigint FROM skus WHERE id = $1", UUID.fromString(sku)));
    assertEquals(4500, shop.stats().getLong("refunded_total"));
  }

  @Test
  @DisplayName("a success for an order already cancelled by its deadline is refunded automatically and recorded; the order stays cancelled")
  void successAfterDeadline() {
    String sku = shop.sku("PAY-7", 800, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    // The customer pays just in time, but the provider's webhook comes after the deadline cancelled the order.
    shop.faults(new JsonObject().put("drop_webhooks", true));
    JsonObject intent = shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    Wait.forResult(
      TestServer.db().preparedQuery("UPDATE orders SET payment_deadline = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(orderId))));
    shop.awaitOrder(orderId, "cancelled");
    Buffer late = PaymentFixtures.event("evt_late_success", "payment_intent.succeeded", intent);
    assertEquals(200, shop.webhook(late, PaymentFixtures.signed(late)).status());

    JsonObject settled = shop.awaitPayment(payment.getString("id"), "order_outcome", "refunded");
    assertEquals("succeeded", settled.getString("status"));
    assertEquals(800, settled.getJsonObject("refunded").getLong("amount"));
    JsonObject refund = settled.getJsonArray("refunds").getJsonObject(0);
    assertEquals("system", refund.getString("initiated_by"));
    assertTrue(refund.getString("reason").contains("cancelled"), refund::encode);
    assertEquals("cancelled", shop.adminOrder(orderId).getString("status"));
    assertEquals(1, shop.stats().getInteger("refunds"));
    List<String> types = events("surge.payments", payment.getString("id"), 2).stream().map(e -> e.getString("type"))
      .toList();
    assertEquals(List.of("payment.succeeded", "payment.refunded"), types);
  }

  @Test
  @DisplayName("an order cancelled while its payment is open: the intent is cancelled at the provider and can no longer be paid")
  void cancelledOrderClosesIntent() {
    String sku = shop.sku("PAY-9", 600, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    assertEquals("cancelled",
      api.post("/api/v1/orders/" + orderId + "/cancel", token, null).json().getString("status"));
    shop.awaitPayment(payment.getString("id"), "status", "cancelled");
    assertEquals("canceled", shop.intent(payment.getString("provider_payment_id")).getString("status"));
    JsonObject refused = shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    assertEquals("payment_intent_unexpected_state", refused.getJsonObject("error").getString("code"));
    assertEquals(0, shop.stats().getInteger("refunds"));
  }

  @Test
  @DisplayName("admin refunds: partial then the rest; the order goes partially_refunded then refunded; returned goods go back on the shelf once")
  void refunds() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("PAY-8", 1000, 2);
    String sku = paid.sku();
    String orderId = paid.orderId();
    String paymentId = paid.paymentId();
    api.post("/api/v1/admin/orders/" + orderId + "/ship", shop.admin(),
      new JsonObject().put("carrier", "DHL").put("tracking_number", "T1"));

    Reply part = shop.refund(paymentId, 500, "refund-1", false);
    assertEquals(201, part.status(), part::toString);
    assertEquals(500, part.json().getJsonObject("payment").getJsonObject("refunded").getLong("amount"));
    shop.awaitOrder(orderId, "partially_refunded"); // the refund's webhook may be the one that tells the order
    assertEquals(8, PaymentFixtures.count("SELECT on_hand::bigint FROM skus WHERE id = $1", UUID.fromString(sku)),
      "no goods came back yet");

    Reply tooMuch = shop.refund(paymentId, 1501, "refund-2", false);
    assertEquals(409, tooMuch.status());
    assertEquals("refund_exceeds_captured", tooMuch.code());
    Reply rest = shop.refund(paymentId, 1500, "refund-3", true);
    assertEquals(201, rest.status(), rest::toString);
    shop.awaitOrder(orderId, "refunded");
    assertEquals(10, PaymentFixtures.count("SELECT on_hand::bigint FROM skus WHERE id = $1", UUID.fromString(sku)));
    assertEquals("true", shop.refund(paymentId, 1500, "refund-3", true).header("Idempotent-Replayed"));
    assertEquals(2, shop.stats().getInteger("refunds"));
    assertEquals(List.of("payment.succeeded", "payment.refunded", "payment.refunded"),
      events("surge.payments", paymentId, 3).stream().map(e -> e.getString("type")).toList());
  }

  /** This key's events on the topic, in order, once at least {@code expected} arrived (bounded wait). */
  static List<JsonObject> events(String topic, String key, int expected) {
    long deadline = System.currentTimeMillis() + 20_000;
    List<JsonObject> found;
    do {
      List<ConsumerRecord<String, String>> records = TopicReader.readAll(topic, 1, Duration.ofSeconds(5));
      found = records.stream().filter(r -> key.equals(r.key())).map(r -> new JsonObject(r.value())).toList();
    } while (found.size() < expected && System.currentTimeMillis() < deadline);
    return found;
  }
}
