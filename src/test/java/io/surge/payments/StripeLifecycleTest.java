package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real Stripe account does that a sandbox written with the adapter never did, each reproduced against the
 * (now honest) sandbox: refunds that stay pending and fail, dashboard refunds told by a bare charge.refunded, the
 * client-secret payment path, 409 for a key in flight, the pinned API version, amounts Stripe cannot charge, bank
 * debits that process for days, and other systems' intents on the same account.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class StripeLifecycleTest {

  private Api api;
  private PaymentFixtures shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new PaymentFixtures(api, vertx);
  }

  private JsonObject adminPayment(String paymentId) {
    return api.get("/api/v1/payments/" + paymentId, shop.admin()).json();
  }

  private static long refunded(JsonObject payment) {
    return payment.getJsonObject("refunded").getLong("amount");
  }

  @Test
  @DisplayName("1: a refund that goes pending then fails leaves the order paid, says why, and the amount is refundable again")
  void pendingRefundThenFails() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("RP-1", 3000, 1);
    shop.faults(new JsonObject().put("refunds_pending", true));
    Reply asked = shop.refund(paid.paymentId(), 1000, "pending-1", false);
    assertEquals(201, asked.status(), asked::toString);
    JsonObject refund = asked.json().getJsonObject("refund");
    assertEquals("pending", refund.getString("status"), "a bank refund is not done when it is accepted");
    assertEquals(0, refunded(asked.json().getJsonObject("payment")));
    assertEquals("paid", shop.adminOrder(paid.orderId()).getString("status"));
    assertEquals(409, shop.refund(paid.paymentId(), 2001, "pending-over", false).status(),
      "the pending amount stays reserved");

    String providerRefund = Wait.until("the provider's refund id", PaymentFixtures.WEBHOOKS,
      () -> adminPayment(paid.paymentId()).getJsonArray("refunds").getJsonObject(0),
      r -> r.getString("provider_refund_id") != null).getString("provider_refund_id");
    assertEquals("failed", shop.refundAtProvider(providerRefund, "fail").getString("status"));
    JsonObject failed = Wait.until("the refund to fail in Surge", PaymentFixtures.WEBHOOKS,
      () -> adminPayment(paid.paymentId()).getJsonArray("refunds").getJsonObject(0),
      r -> "failed".equals(r.getString("status")));
    assertEquals("declined", failed.getString("failure_reason"));
    assertEquals(0, refunded(adminPayment(paid.paymentId())));
    assertEquals("paid", shop.adminOrder(paid.orderId()).getString("status"), "the customer got nothing back");
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.refund_failed'"));

    shop.faults(new JsonObject());
    Reply again = shop.refund(paid.paymentId(), 3000, "after-failure", false);
    assertEquals(201, again.status(), "all of it is refundable again: " + again);
    assertEquals("succeeded", again.json().getJsonObject("refund").getString("status"));
    shop.awaitOrder(paid.orderId(), "refunded");
  }

  @Test
  @DisplayName("1: a pending refund moves the order only when the provider says it succeeded")
  void pendingRefundThenSucceeds() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("RP-2", 2000, 1);
    shop.faults(new JsonObject().put("refunds_pending", true));
    assertEquals(201, shop.refund(paid.paymentId(), 500, "pending-2", false).status());
    String providerRefund = Wait.until("the provider's refund id", PaymentFixtures.WEBHOOKS,
      () -> adminPayment(paid.paymentId()).getJsonArray("refunds").getJsonObject(0),
      r -> r.getString("provider_refund_id") != null).getString("provider_refund_id");
    assertEquals("paid", shop.adminOrder(paid.orderId()).getString("status"));
    shop.refundAtProvider(providerRefund, "succeed");
    shop.awaitOrder(paid.orderId(), "partially_refunded");
    assertEquals(500, refunded(adminPayment(paid.paymentId())));
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.refunded'"));
  }

  @Test
  @DisplayName("2: a refund made in the dashboard, told only by charge.refunded (no refund list on 2023-08-16), is learned from the provider's refund list")
  void dashboardRefundFromBareChargeRefunded() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("DASH-1", 4000, 1);
    String intentId = paid.payment().getString("provider_payment_id");
    shop.faults(new JsonObject().put("drop_webhooks", true));
    HttpResponse<Buffer> made = shop.stripeForm("/v1/refunds",
      MultiMap.caseInsensitiveMultiMap().add("payment_intent", intentId).add("amount", "1500"), null);
    assertEquals(200, made.statusCode(), made::bodyAsString);
    JsonObject charge = new JsonObject().put("id", "ch_dash").put("object", "charge").put("payment_intent", intentId)
      .put("amount", 4000).put("amount_refunded", 1500).put("refunded", false);
    Buffer event = PaymentFixtures.event("evt_dash_1", "charge.refunded", charge);
    Reply told = shop.webhook(event, PaymentFixtures.signed(event));
    assertEquals(200, told.status(), told::toString);
    assertEquals("applied", told.json().getString("outcome"));
    JsonObject payment = adminPayment(paid.paymentId());
    assertEquals(1500, refunded(payment));
    assertEquals("provider", payment.getJsonArray("refunds").getJsonObject(0).getString("initiated_by"));
    shop.awaitOrder(paid.orderId(), "partially_refunded");
  }

  @Test
  @DisplayName("3: the storefront pays with the client secret and the publishable key (Stripe.js's confirm); the secret is gone once paid")
  void storefrontPaysWithClientSecret() {
    String sku = shop.sku("JS-1", 2200, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    assertFalse(payment.containsKey("checkout_url"));
    String publishable = payment.getString("publishable_key");
    assertTrue(publishable.startsWith("pk_"), publishable);
    assertNotEquals(PaymentFixtures.payments().getString("apiKey"), publishable, "never the secret key");
    String intentId = payment.getString("provider_payment_id");

    HttpResponse<Buffer> stranger = shop.stripeForm("/v1/payment_intents/" + intentId + "/confirm",
      MultiMap.caseInsensitiveMultiMap().add("client_secret", "pi_x_secret_wrong").add("payment_method",
        "pm_card_visa"),
      publishable);
    assertEquals(401, stranger.statusCode(), "the publishable key needs the intent's own client secret");
    HttpResponse<Buffer> confirmed = shop.stripeForm("/v1/payment_intents/" + intentId + "/confirm",
      MultiMap.caseInsensitiveMultiMap().add("client_secret", payment.getString("client_secret"))
        .add("payment_method", "pm_card_visa"),
      publishable);
    assertEquals(200, confirmed.statusCode(), confirmed::bodyAsString);
    shop.awaitOrder(orderId, "paid");
    JsonObject settled = shop.awaitPayment(payment.getString("id"), "order_outcome", "paid");
    assertNull(settled.getString("client_secret"));
    assertEquals(0, PaymentFixtures.count("SELECT count(*) FROM payments WHERE client_secret IS NOT NULL"),
      "the client secret is not kept once it cannot be used");
  }

  @Test
  @DisplayName("4: two sweeps finishing the same refund at once: the provider's 409 for the key in flight is no refusal, and the refund is booked once")
  void concurrentSweepsNeverDoubleBook() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("SWEEP-1", 2500, 1);
    shop.faults(new JsonObject().put("fail_status", 503).put("drop_webhooks", true));
    assertEquals(503, shop.refund(paid.paymentId(), 1000, "two-sweeps", false).status());
    Row refund = Wait.forResult(TestServer.db().preparedQuery("SELECT " + PaymentSql.REFUND_COLUMNS
      + " FROM payment_refunds").execute()).iterator().next();
    assertEquals("pending", refund.getString("status"));

    shop.faults(new JsonObject().put("latency_millis", 800).put("drop_webhooks", true));
    PaymentSettings settings = PaymentSettings.from(TestServer.config());
    Payments first = new Payments(TestServer.get().vertx(), TestServer.db(), settings);
    Payments second = new Payments(TestServer.get().vertx(), TestServer.db(), settings);
    Future<Row> one = first.refunds.recheck(refund);
    Future<Row> other = second.refunds.recheck(refund);
    Wait.forResult(Future.join(one, other).transform(ar -> Future.succeededFuture()));
    assertTrue(one.failed() ^ other.failed(), "one sweep got the refund, the other the provider's 409");
    Throwable busy = one.failed() ? one.cause() : other.cause();
    assertEquals(503, ((io.surge.http.ApiException) busy).status(), "409 at the provider: retry later, " + busy);
    String key = "refund:surge-refund-" + refund.getUUID("id");
    assertEquals(2, shop.stats().getJsonObject("calls_per_key").getInteger(key), "both sweeps asked with the same key");

    JsonObject payment = Wait.until("the refund to be booked", PaymentFixtures.WEBHOOKS,
      () -> adminPayment(paid.paymentId()), p -> refunded(p) == 1000);
    assertEquals("succeeded", payment.getJsonArray("refunds").getJsonObject(0).getString("status"));
    assertEquals(0, PaymentFixtures.count("SELECT refunding_amount FROM payments WHERE id = $1",
      UUID.fromString(paid.paymentId())));
    JsonObject stats = shop.stats();
    assertEquals(1, stats.getInteger("refunds"), "one refund at the provider");
    assertEquals(1000, stats.getLong("refunded_total"));
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type = 'payment.refunded'"));
  }

  @Test
  @DisplayName("5: every call carries the pinned Stripe-Version; an event of another API version is refused and changes nothing")
  void pinnedApiVersion() {
    String sku = shop.sku("VER-1", 1200, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    api.get("/api/v1/payments/" + payment.getString("id") + "?refresh=true", token);
    JsonObject versions = shop.stats().getJsonObject("stripe_versions");
    assertEquals(new JsonObject().put("2023-08-16", versions.getInteger("2023-08-16")), versions, versions::encode);

    JsonObject intent = shop.intent(payment.getString("provider_payment_id")).put("status", "succeeded")
      .put("amount_received", 1200);
    Buffer event = new JsonObject().put("id", "evt_old_version").put("object", "event")
      .put("type", "payment_intent.succeeded").put("api_version", "2020-08-27")
      .put("created", System.currentTimeMillis() / 1000).put("data", new JsonObject().put("object", intent)).toBuffer();
    Reply refused = shop.webhook(event, PaymentFixtures.signed(event));
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("webhook_api_version_mismatch", refused.code());
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));
  }

  @Test
  @DisplayName("6: an order Stripe could not charge (under its minimum, over its 8-digit maximum) is refused at checkout with a clear problem")
  void amountLimitsAtCheckout() {
    String tiny = shop.sku("TINY-1", 30, 10);
    Reply small = shop.checkout(api.customerToken(), tiny, 1);
    assertEquals(422, small.status(), small::toString);
    assertEquals("amount_below_minimum", small.code());
    assertEquals("total", small.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    String dear = shop.sku("DEAR-1", 60_000_000, 10);
    Reply large = shop.checkout(api.customerToken(), dear, 2);
    assertEquals(422, large.status(), large::toString);
    assertEquals("amount_above_maximum", large.code());
    assertEquals(0, PaymentFixtures.count("SELECT count(*) FROM orders"), "nothing was ordered");
    assertEquals(201, shop.checkout(api.customerToken(), tiny, 2).status(), "0.60 can be charged");
  }

  @Test
  @DisplayName("7: a bank debit processing while its order is cancelled is its own state: no cancel storm, and its late success is refunded")
  void processingIsItsOwnState() {
    String sku = shop.sku("SEPA-1", 1800, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    String intentId = payment.getString("provider_payment_id");
    shop.customerAtProvider(intentId, "process");
    shop.awaitPayment(payment.getString("id"), "status", "processing");
    assertNull(api.get("/api/v1/payments/" + payment.getString("id"), token).json().getString("client_secret"));

    Wait.forResult(TestServer.db()
      .preparedQuery("UPDATE orders SET payment_deadline = now() - interval '1 second' WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(orderId))));
    shop.awaitOrder(orderId, "cancelled");
    Wait.throughout("at most one cancel call for the processing intent", Duration.ofSeconds(5),
      () -> shop.stats().getJsonObject("calls").getInteger("POST /v1/payment_intents/{intent}/cancel", 0),
      calls -> calls <= 1);

    shop.customerAtProvider(intentId, "succeed");
    shop.awaitPayment(payment.getString("id"), "order_outcome", "refunded");
    assertEquals("cancelled", shop.adminOrder(orderId).getString("status"));
  }

  @Test
  @DisplayName("8: another system's payment on the same Stripe account is not Surge's: no discrepancy from its webhook")
  void otherSystemsIntentsAreNotSurges() {
    HttpResponse<Buffer> created = shop.stripeForm("/v1/payment_intents", MultiMap.caseInsensitiveMultiMap()
      .add("amount", "990").add("currency", "eur").add("metadata[source]", "pos"), null);
    String foreign = created.bodyAsJsonObject().getString("id");
    JsonObject intent = shop.customerAtProvider(foreign, "succeed");
    Buffer event = PaymentFixtures.event("evt_pos_1", "payment_intent.succeeded", intent);
    Reply told = shop.webhook(event, PaymentFixtures.signed(event));
    assertEquals(200, told.status(), told::toString);
    assertEquals("not_ours", told.json().getString("outcome"));
    JsonArray open = api.get("/api/v1/admin/payments/discrepancies", shop.admin()).json().getJsonArray("items");
    assertTrue(open.isEmpty(), open::encode);
  }
}
