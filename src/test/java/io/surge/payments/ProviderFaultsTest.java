package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider slow, down, or losing webhooks: clear answers, nothing half-written, and reconciliation repairs. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ProviderFaultsTest {

  private Api api;
  private PaymentFixtures shop;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
    shop = new PaymentFixtures(api, vertx);
  }

  private static void assertNothingWritten() {
    assertEquals(0, PaymentFixtures.count("SELECT count(*) FROM payments"));
    assertEquals(0, PaymentFixtures.count("SELECT count(*) FROM outbox WHERE type LIKE 'payment.%'"));
  }

  @Test
  @DisplayName("a provider slower than the timeout: 504 problem, order still payable, nothing kept; the retry with the same key gets the same intent")
  void slowProvider() throws InterruptedException {
    String sku = shop.sku("SLOW-1", 1500, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    shop.faults(new JsonObject().put("latency_millis", 3000));

    Reply timedOut = shop.pay(token, orderId, "slow-1");
    assertEquals(504, timedOut.status(), timedOut::toString);
    assertEquals("payment_provider_timeout", timedOut.code());
    assertEquals("application/problem+json", timedOut.header("Content-Type"));
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));
    assertNothingWritten();

    shop.faults(new JsonObject());
    // Deliberate pacing, not a wait for a condition: the customer retries only after the sandbox's late answer to the
    // first call has gone out (3 s after it came in), and nothing the test can observe marks that moment.
    Thread.sleep(1500);
    Reply retried = shop.pay(token, orderId, "slow-1");
    assertEquals(201, retried.status(), retried::toString);
    JsonObject stats = shop.stats();
    assertEquals(1, stats.getInteger("intents"), "the timed-out call created the intent; the retry got that one back");
    assertEquals(1, stats.getInteger("create_calls"), "the provider did the work once");
    assertEquals(2,
      stats.getJsonObject("calls_per_key").getInteger("create:surge-payment-" + retried.json().getString("id")),
      "both calls carried the same idempotency key");
    shop.customerAtProvider(retried.json().getString("provider_payment_id"), "succeed");
    shop.awaitOrder(orderId, "paid");
  }

  @Test
  @DisplayName("a provider that is down: 503 problem for payment creation and status refresh, nothing written, order payable")
  void providerDown() {
    String sku = shop.sku("DOWN-1", 900, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    shop.faults(new JsonObject().put("fail_status", 503));
    Reply down = shop.pay(token, orderId, "down-1");
    assertEquals(503, down.status(), down::toString);
    assertEquals("payment_provider_unavailable", down.code());
    assertNothingWritten();
    assertEquals(0, shop.stats().getInteger("intents"));

    shop.faults(new JsonObject());
    JsonObject payment = shop.payment(token, orderId);
    shop.faults(new JsonObject().put("fail_status", 500));
    Reply refresh = api.get("/api/v1/payments/" + payment.getString("id") + "?refresh=true", token);
    assertEquals(503, refresh.status(), refresh::toString);
    assertEquals("pending", api.get("/api/v1/payments/" + payment.getString("id"), token).json().getString("status"));
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));
  }

  @Test
  @DisplayName("reconciliation repairs a payment whose webhook was lost and lists money taken at the provider for no Surge payment")
  void reconciliation() {
    String sku = shop.sku("LOST-1", 2100, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    shop.faults(new JsonObject().put("drop_webhooks", true));
    shop.customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    Wait.throughout("the order to stay unpaid, its webhook lost", Duration.ofMillis(500),
      () -> shop.adminOrder(orderId).getString("status"), "pending_payment"::equals);

    String stray = strayIntentPaidAtProvider(4242, true);
    String foreign = strayIntentPaidAtProvider(1717, false);

    Reply run = api.post("/api/v1/admin/payments:reconcile", shop.admin(), null);
    assertEquals(200, run.status(), run::toString);
    JsonObject result = run.json();
    assertEquals(2, result.getInteger("checked"),
      "Surge's two intents; another system's on the account is not Surge's");
    JsonArray repaired = result.getJsonArray("repaired");
    assertEquals(1, repaired.size(), repaired::encode);
    assertEquals(payment.getString("id"), repaired.getJsonObject(0).getString("payment_id"));
    assertEquals("succeeded", repaired.getJsonObject(0).getString("to"));
    assertEquals("paid", shop.adminOrder(orderId).getString("status"));
    JsonArray open = result.getJsonArray("discrepancies");
    assertEquals(1, open.size(), open::encode);
    assertEquals("paid_without_payment", open.getJsonObject(0).getString("kind"));
    assertEquals(stray, open.getJsonObject(0).getString("provider_payment_id"));
    assertEquals(4242, open.getJsonObject(0).getJsonObject("amount").getLong("amount"));
    assertTrue(open.stream().noneMatch(d -> foreign.equals(((JsonObject) d).getString("provider_payment_id"))),
      "another system's payment on the same Stripe account is no discrepancy");

    JsonObject again = api.post("/api/v1/admin/payments:reconcile", shop.admin(),
      new JsonObject().put("from", "2020-01-01T00:00:00Z")).json();
    assertEquals(0, again.getJsonArray("repaired").size(), "nothing left to repair");
    assertEquals(1, again.getJsonArray("discrepancies").size(), "recorded once");
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM order_history WHERE to_status = 'paid'"));
    Reply badWindow = api.post("/api/v1/admin/payments:reconcile", shop.admin(),
      new JsonObject().put("from", "yesterday"));
    assertEquals(400, badWindow.status());
  }

  @Test
  @DisplayName("a refund whose provider call times out stays reserved; the retry with the same key refunds once")
  void refundTimeout() throws InterruptedException {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("SLOW-2", 3000, 1);
    String paymentId = paid.paymentId();

    shop.faults(new JsonObject().put("latency_millis", 3000).put("drop_webhooks", true));
    Reply timedOut = shop.refund(paymentId, 1000, "slow-refund", false);
    assertEquals(504, timedOut.status(), timedOut::toString);
    assertEquals(1, PaymentFixtures.count("SELECT count(*) FROM payment_refunds WHERE status = 'pending'"));
    Reply over = shop.refund(paymentId, 2001, "too-much", false);
    assertEquals(409, over.status(), "the pending refund's amount stays reserved");

    shop.faults(new JsonObject());
    // Deliberate pacing, as in slowProvider: the retry comes after the sandbox's late answer has gone out.
    Thread.sleep(1500);
    Reply retried = shop.refund(paymentId, 1000, "slow-refund", false);
    assertEquals(201, retried.status(), retried::toString);
    assertEquals("succeeded", retried.json().getJsonObject("refund").getString("status"));
    assertEquals(1000, retried.json().getJsonObject("payment").getJsonObject("refunded").getLong("amount"));
    assertEquals(1, shop.stats().getInteger("refunds"), "one refund at the provider");
    assertEquals(1000, shop.stats().getLong("refunded_total"));
  }

  @Test
  @DisplayName("a refund left unconfirmed by a timeout (and whose webhook was lost) is finished by the payments sweep, once")
  void refundFinishedBySweep() {
    PaymentFixtures.PaidOrder paid = shop.paidOrder("SLOW-3", 2000, 1);
    String orderId = paid.orderId();
    String paymentId = paid.paymentId();

    shop.faults(new JsonObject().put("latency_millis", 2500).put("drop_webhooks", true));
    assertEquals(504, shop.refund(paymentId, 750, "lost-refund", true).status());
    shop.faults(new JsonObject().put("drop_webhooks", true));
    JsonObject done = shop.awaitPayment(paymentId, "refunded",
      new JsonObject().put("amount", 750).put("currency", "EUR"));
    assertEquals("succeeded", done.getJsonArray("refunds").getJsonObject(0).getString("status"));
    shop.awaitOrder(orderId, "partially_refunded");
    assertEquals(1, shop.stats().getInteger("refunds"));
    assertEquals(750, shop.stats().getLong("refunded_total"));
  }

  @Test
  @DisplayName("a success recorded but never told to its order (a crash in between) is settled by the payments sweep")
  void unsettledSuccess() {
    String sku = shop.sku("CRASH-1", 1300, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject payment = shop.payment(token, orderId);
    // What a process that died right after committing the success would leave behind.
    Wait.forResult(io.surge.support.TestServer.db()
      .preparedQuery("UPDATE payments SET status = 'succeeded', captured_amount = amount, "
        + "succeeded_at = now() - interval '10 seconds' WHERE id = $1")
      .execute(io.vertx.sqlclient.Tuple.of(
        java.util.UUID.fromString(payment.getString("id")))));
    assertEquals("pending_payment", shop.adminOrder(orderId).getString("status"));
    shop.awaitOrder(orderId, "paid");
    shop.awaitPayment(payment.getString("id"), "order_outcome", "paid");
  }

  /**
   * A payment made at the provider for no Surge payment: with Surge's mark (Surge created it and lost its payment),
   * or without (another system on the same Stripe account: a POS, invoices).
   */
  private String strayIntentPaidAtProvider(long amount, boolean surgeMark) {
    JsonObject payments = PaymentFixtures.payments();
    HttpResponse<Buffer> created = Wait
      .forResult(WebClient.create(vertx).postAbs(payments.getString("baseUrl") + "/v1/payment_intents")
        .putHeader("Authorization", "Bearer " + payments.getString("apiKey"))
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("amount", Long.toString(amount)).add("currency", "eur")
          .add("metadata[note]", "made elsewhere").add(surgeMark ? "metadata[created_by]" : "metadata[source]",
            surgeMark ? "surge" : "pos")));
    assertEquals(200, created.statusCode(), created::bodyAsString);
    String id = created.bodyAsJsonObject().getString("id");
    assertTrue(shop.customerAtProvider(id, "succeed").getString("status").equals("succeeded"));
    return id;
  }
}
