package io.surge.payments;

import io.surge.config.SurgeConfig;
import io.surge.dev.psp.PaymentSandbox;
import io.surge.dev.psp.SandboxSettings;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Stripe-style adapter against a sandbox of its own (no Surge server): the wire API round trip,
 * idempotency keys, pagination, the API key, automatic confirmation, and webhook signing with retries.
 */
@ExtendWith(VertxExtension.class)
class StripeProviderTest {

  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger(2);
  private JsonObject payments;
  private StripeProvider provider;
  private WebhookSignature signature;

  @BeforeEach
  void setUp(Vertx vertx) {
    // a stand-in for Surge's webhook endpoint: refuses the first two deliveries, then checks signatures
    // 150 intents are created at once below: on a loaded machine the last answers come seconds late
    payments = new JsonObject().put("timeoutMillis", 10000L);
    HttpServer endpoint = Wait
      .forResult(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        if (refusals.getAndDecrement() > 0) {
          request.response().setStatusCode(500).end();
          return;
        }
        String problem = signature.problem(request.getHeader(WebhookSignature.HEADER), body,
          System.currentTimeMillis() / 1000);
        if (problem == null) {
          received.add(body.toJsonObject());
        }
        request.response().setStatusCode(problem == null ? 200 : 400).end();
      })).listen(0, "127.0.0.1"));
    Wait.forResult(PaymentSandbox.start(vertx, payments, "http://127.0.0.1:" + endpoint.actualPort() + "/hook",
      new SandboxSettings(0, 100, 10, 50)));
    signature = new WebhookSignature(payments.getString("webhookSecret"), 300);
    provider = new StripeProvider(vertx, settings(payments));
  }

  @Test
  @DisplayName("create, retrieve, automatic success, refund; the same key gives the same intent; a signed webhook arrives after two refused deliveries")
  void roundTrip() {
    JsonObject metadata = new JsonObject().put("payment_id", "p-1").put("order_id", "o-1");
    ProviderIntent created = Wait.forResult(provider.createIntent(1234, "EUR", metadata, "key-1"));
    assertEquals(PaymentStatus.PENDING, created.status());
    assertEquals(1234, created.amount());
    assertEquals("EUR", created.currency());
    assertEquals("p-1", created.paymentId());
    assertEquals(created.id(), Wait.forResult(provider.createIntent(1234, "EUR", metadata, "key-1")).id());

    ProviderIntent now = Wait.until("the sandbox to confirm the intent by itself", Duration.ofSeconds(5),
      Duration.ofMillis(50),
      () -> Wait.forResult(provider.retrieveIntent(created.id())),
      intent -> intent.status() == PaymentStatus.SUCCEEDED);
    assertEquals(1234, now.amountReceived());

    ProviderRefund refund = Wait
      .forResult(provider.refund(created.id(), 234, new JsonObject().put("refund_id", "r-1"), "refund-1"));
    assertEquals(234, refund.amount());
    assertEquals(refund.id(),
      Wait.forResult(provider.refund(created.id(), 234, new JsonObject().put("refund_id", "r-1"), "refund-1")).id());
    ProviderException otherParameters = assertThrows(ProviderException.class,
      () -> Wait.forResult(provider.refund(created.id(), 235, new JsonObject().put("refund_id", "r-1"), "refund-1")));
    assertEquals(ProviderException.Kind.REJECTED, otherParameters.kind(), "the same key with other parameters");
    ProviderException tooMuch = assertThrows(ProviderException.class,
      () -> Wait.forResult(provider.refund(created.id(), 1001, new JsonObject(), "refund-2")));
    assertEquals(ProviderException.Kind.REJECTED, tooMuch.kind());
    assertEquals("amount_too_large", tooMuch.providerCode());

    Wait.until("three webhooks at the endpoint", Duration.ofSeconds(10), Duration.ofMillis(50), received::size,
      count -> count >= 3);
    List<String> types = received.stream().map(e -> e.getString("type")).toList();
    assertTrue(types.containsAll(List.of("payment_intent.succeeded", "refund.created", "charge.refunded")),
      types::toString);
    assertEquals(created.id(),
      received.stream().filter(e -> "payment_intent.succeeded".equals(e.getString("type"))).findFirst()
        .orElseThrow().getJsonObject("data").getJsonObject("object").getString("id"));
    assertTrue(refusals.get() < 0, "the refused deliveries were retried");
  }

  @Test
  @DisplayName("listing follows pages (150 intents, 100 a page) within the window; a wrong API key is a rejection; an unknown intent is not found")
  void listingAndErrors(Vertx vertx) {
    Instant from = Instant.now().minusSeconds(5);
    List<Future<ProviderIntent>> created = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      created.add(provider.createIntent(100 + i, "EUR", new JsonObject(), "list-" + i));
    }
    Wait.forResult(Future.all(created));
    List<ProviderIntent> listed = Wait.forResult(provider.listIntents(from, Instant.now().plusSeconds(5)));
    assertEquals(150, listed.size());
    assertEquals(150, new HashSet<>(listed.stream().map(ProviderIntent::id).toList()).size(),
      "no intent twice across pages");
    assertEquals(0, Wait.forResult(provider.listIntents(from.minusSeconds(3600), from)).size());

    StripeProvider stranger = new StripeProvider(vertx, settings(payments.copy().put("apiKey", "sk_test_wrong")));
    ProviderException refused = assertThrows(ProviderException.class,
      () -> Wait.forResult(stranger.retrieveIntent("pi_x")));
    assertEquals(ProviderException.Kind.REJECTED, refused.kind());
    assertEquals("api_key_invalid", refused.providerCode());
    ProviderException missing = assertThrows(ProviderException.class,
      () -> Wait.forResult(provider.retrieveIntent("pi_missing")));
    assertEquals("resource_missing", missing.providerCode());

    StripeProvider nowhere = new StripeProvider(vertx, settings(payments.copy().put("baseUrl", "http://127.0.0.1:1")));
    ProviderException down = assertThrows(ProviderException.class,
      () -> Wait.forResult(nowhere.retrieveIntent("pi_x")));
    assertEquals(ProviderException.Kind.UNAVAILABLE, down.kind());
    assertNull(down.providerCode());
  }

  /** The {@code payments} block of conf/application.json with this test's values laid over it. */
  private static PaymentSettings settings(JsonObject payments) {
    JsonObject config = SurgeConfig.load(List.of(), Map.of());
    config.getJsonObject("payments").mergeIn(payments);
    return PaymentSettings.from(config);
  }
}
