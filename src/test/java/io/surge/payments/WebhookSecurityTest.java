package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks are only believed when signed with the configured secret, and each event changes things at most once. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class WebhookSecurityTest {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSecurityTest.class);

  private Api api;
  private PaymentFixtures shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new PaymentFixtures(api, vertx);
  }

  /** A pending payment and the intent a provider would report for it once paid (the sandbox itself stays quiet). */
  private JsonObject[] pendingPayment(long price) {
    String sku = shop.sku("WH-" + UUID.randomUUID().toString().substring(0, 8), price, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    JsonObject succeeded = shop.intent(payment.getString("provider_payment_id")).copy()
      .put("status", "succeeded").put("amount_received", price)
      .put("latest_charge", "ch_test_" + orderId.substring(0, 8));
    return new JsonObject[] {payment, succeeded, new JsonObject().put("order_id", orderId)};
  }

  private static long paidTransitions(String orderId) {
    return PaymentFixtures.count("SELECT count(*) FROM order_history WHERE order_id = $1 AND to_status = 'paid'",
      UUID.fromString(orderId));
  }

  @Test
  @DisplayName("forgeries are refused with 400 and change nothing: tampered body, wrong secret, 301 s old, missing or garbled header; two v1 values with one valid are accepted")
  void forgeries() {
    JsonObject[] made = pendingPayment(1000);
    String orderId = made[2].getString("order_id");
    String secret = PaymentFixtures.payments().getString("webhookSecret");
    long now = System.currentTimeMillis() / 1000;
    Buffer body = PaymentFixtures.event("evt_forged_1", "payment_intent.succeeded", made[1]);
    String good = WebhookSignature.header(secret, now, body);

    Buffer tampered = Buffer.buffer(body.toString().replace("\"amount_received\":1000", "\"amount_received\":1"));
    List<Reply> forged = new ArrayList<>();
    forged.add(shop.webhook(tampered, good));
    forged.add(shop.webhook(body, WebhookSignature.header("whsec_wrong", now, body)));
    forged.add(shop.webhook(body, WebhookSignature.header(secret, now - 301, body)));
    forged.add(shop.webhook(body, WebhookSignature.header(secret, now + 301, body)));
    forged.add(shop.webhook(body, null));
    forged.add(shop.webhook(body, "t=" + now));
    forged.add(shop.webhook(body, "v1=" + good.substring(good.indexOf("v1=") + 3)));
    forged.add(shop.webhook(body, "t=" + now + ",v1=zz-not-hex"));
    forged.add(shop.webhook(body, "t=" + now + ",v0=" + good.substring(good.indexOf("v1=") + 3)));
    for (Reply reply : forged) {
      assertEquals(400, reply.status(), reply::toString);
      assertEquals("webhook_signature_invalid", reply.code());
      assertEquals("application/problem+json", reply.header("Content-Type"));
    }
    assertEquals(0, events(made[1]), "no forged event was recorded");
    assertEquals("pending",
      api.get("/api/v1/payments/" + made[0].getString("id"), shop.admin()).json().getString("status"));
    assertEquals(0, paidTransitions(orderId));

    String rotated = WebhookSignature.header("whsec_old_secret", now, body) + ",v1="
      + good.substring(good.indexOf("v1=") + 3);
    Reply accepted = shop.webhook(body, rotated);
    assertEquals(200, accepted.status(), accepted::toString);
    assertEquals("applied", accepted.json().getString("outcome"));
    assertEquals("paid", shop.adminOrder(orderId).getString("status"));
    assertEquals(1, paidTransitions(orderId));
  }

  @Test
  @DisplayName("the same event delivered 50 times at once: one state change, one payment.succeeded, 49 duplicates answered 200")
  void fiftyDeliveries() {
    JsonObject[] made = pendingPayment(2000);
    String orderId = made[2].getString("order_id");
    Buffer body = PaymentFixtures.event("evt_fifty", "payment_intent.succeeded", made[1]);
    long start = System.nanoTime();
    List<Future<Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(shop.webhookAsync(body, PaymentFixtures.signed(body)));
    }
    Wait.forResult(Future.join(sent));
    LOG.info("one event delivered 50 times at once: all answered in {} ms", (System.nanoTime() - start) / 1_000_000);
    List<String> outcomes = sent.stream().map(f -> {
      assertEquals(200, f.result().status(), f.result()::toString);
      return f.result().json().getString("outcome");
    }).toList();
    assertEquals(1, outcomes.stream().filter("applied"::equals).count(), outcomes::toString);
    assertEquals(49, outcomes.stream().filter("duplicate"::equals).count(), outcomes::toString);
    assertEquals("paid", shop.adminOrder(orderId).getString("status"));
    assertEquals(1, paidTransitions(orderId));
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.succeeded'"));
    assertEquals(1, events(made[1]));
  }

  @Test
  @DisplayName("a refund event before the success event is refused (409, not recorded), then applies once the success arrived; each event id changes things once")
  void refundBeforeSuccess() {
    JsonObject[] made = pendingPayment(3000);
    String orderId = made[2].getString("order_id");
    String paymentId = made[0].getString("id");
    JsonObject intent = made[1];
    JsonObject refund = new JsonObject().put("id", "re_provider_1").put("object", "refund").put("amount", 1200)
      .put("payment_intent", intent.getString("id")).put("status", "succeeded").put("metadata", new JsonObject());
    JsonObject charge = new JsonObject().put("id", intent.getString("latest_charge")).put("object", "charge")
      .put("payment_intent", intent.getString("id")).put("amount", 3000).put("amount_captured", 3000)
      .put("amount_refunded", 1200)
      .put("refunds", new JsonObject().put("object", "list").put("data", new JsonArray().add(refund)));
    Buffer refunded = PaymentFixtures.event("evt_refund_first", "charge.refunded", charge);
    Buffer succeeded = PaymentFixtures.event("evt_success_later", "payment_intent.succeeded", intent);

    Reply early = shop.webhook(refunded, PaymentFixtures.signed(refunded));
    assertEquals(409, early.status(), early::toString);
    assertEquals("event_out_of_order", early.code());
    assertEquals(0, events(intent));
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));

    assertEquals("applied", shop.webhook(succeeded, PaymentFixtures.signed(succeeded)).json().getString("outcome"));
    shop.awaitOrder(orderId, "paid");
    assertEquals("applied", shop.webhook(refunded, PaymentFixtures.signed(refunded)).json().getString("outcome"));
    assertEquals("duplicate", shop.webhook(refunded, PaymentFixtures.signed(refunded)).json().getString("outcome"));
    assertEquals("duplicate", shop.webhook(succeeded, PaymentFixtures.signed(succeeded)).json().getString("outcome"));

    JsonObject order = shop.awaitOrder(orderId, "partially_refunded");
    assertEquals(List.of("pending_payment", "paid", "partially_refunded"), order.getJsonArray("history").stream()
      .map(h -> ((JsonObject) h).getString("to")).toList(), "exactly one change per event");
    JsonObject payment = api.get("/api/v1/payments/" + paymentId, shop.admin()).json();
    assertEquals(1200, payment.getJsonObject("refunded").getLong("amount"));
    assertEquals("provider", payment.getJsonArray("refunds").getJsonObject(0).getString("initiated_by"));
    assertEquals(2, events(intent));
  }

  /** Events recorded for this intent (a late delivery from an earlier test cannot blur the count). */
  private static long events(JsonObject intent) {
    return PaymentFixtures.count("SELECT count(*) FROM payment_events WHERE provider_payment_id = $1",
      intent.getString("id"));
  }

  @Test
  @DisplayName("the sandbox delivering every event 4 times with jitter (out of order): one change per event")
  void sandboxDuplicatesAndJitter() {
    String sku = shop.sku("WH-DUP", 2500, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    shop.faults(new JsonObject().put("duplicate_webhooks", 3).put("webhook_jitter_millis", 400));
    shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    shop.awaitPayment(payment.getString("id"), "order_outcome", "paid");
    assertEquals(201, shop.refund(payment.getString("id"), 300, "dup-refund", false).status());
    Wait.until("twelve webhook deliveries", Duration.ofSeconds(15),
      () -> shop.stats().getInteger("webhooks_delivered"), delivered -> delivered >= 12);
    assertEquals(12, shop.stats().getInteger("webhooks_delivered"),
      "three events (succeeded, refund.created, charge.refunded), four deliveries each");
    JsonObject order = shop.awaitOrder(orderId, "partially_refunded");
    assertEquals(List.of("pending_payment", "paid", "partially_refunded"), order.getJsonArray("history").stream()
      .map(h -> ((JsonObject) h).getString("to")).toList());
    assertEquals(3, events(new JsonObject().put("id", payment.getString("provider_payment_id"))));
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.refunded'"));
    assertEquals(300, api.get("/api/v1/payments/" + payment.getString("id"), shop.admin()).json()
      .getJsonObject("refunded").getLong("amount"));
  }

  @Test
  @DisplayName("unsigned junk, unknown payments and unknown event types: 400 for the bad, 200 and no change for the rest; only a lost intent of Surge's own is a discrepancy")
  void oddEvents() {
    Buffer notJson = Buffer.buffer("not json at all");
    Reply junk = shop.webhook(notJson, PaymentFixtures.signed(notJson));
    assertEquals(400, junk.status());
    Buffer noId = new JsonObject().put("type", "payment_intent.succeeded").toBuffer();
    assertEquals(400, shop.webhook(noId, PaymentFixtures.signed(noId)).status());
    Buffer huge = Buffer
      .buffer("{\"id\":\"evt_big\",\"type\":\"x\",\"data\":{},\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(413, shop.webhook(huge, PaymentFixtures.signed(huge)).status());

    Buffer unknownType = PaymentFixtures.event("evt_customer", "customer.created", new JsonObject().put("id", "cus_1"));
    assertEquals("ignored", shop.webhook(unknownType, PaymentFixtures.signed(unknownType)).json().getString("outcome"));
    JsonObject stranger = new JsonObject().put("id", "pi_not_ours").put("object", "payment_intent").put("amount", 4242)
      .put("amount_received", 4242).put("currency", "eur").put("status", "succeeded").put("metadata", new JsonObject());
    Buffer foreign = PaymentFixtures.event("evt_foreign", "payment_intent.succeeded", stranger);
    assertEquals("not_ours", shop.webhook(foreign, PaymentFixtures.signed(foreign)).json().getString("outcome"),
      "another system's payment on the same Stripe account");
    JsonObject lost = stranger.copy().put("id", "pi_lost").put("metadata",
      new JsonObject().put(ProviderIntent.CREATED_BY, ProviderIntent.SURGE));
    Buffer surges = PaymentFixtures.event("evt_lost", "payment_intent.succeeded", lost);
    assertEquals("paid_without_payment",
      shop.webhook(surges, PaymentFixtures.signed(surges)).json().getString("outcome"));
    JsonArray open = api.get("/api/v1/admin/payments/discrepancies", shop.admin()).json().getJsonArray("items");
    assertEquals(1, open.size());
    assertEquals("pi_lost", open.getJsonObject(0).getString("provider_payment_id"));
    assertNull(open.getJsonObject(0).getJsonObject("details").getJsonObject("metadata").getString("payment_id"));
    assertTrue(PaymentFixtures.count("SELECT count(*) FROM payments") == 0);
  }
}
