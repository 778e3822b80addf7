package io.surge.payments;

import io.surge.config.SurgeConfig;
import io.surge.dev.psp.PaymentSandbox;
import io.surge.dev.psp.SandboxSettings;
import io.surge.support.Wait;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox held to Stripe's own API description (2023-08-16), not to the adapter: its objects, list envelopes,
 * errors and events fit Stripe's schemas, including the states it once never produced; it refuses unknown
 * parameters and keeps idempotency as Stripe documents it; and every request the adapter makes names only
 * parameters Stripe lists for that operation (a recorded exchange). Skipped where the description is absent.
 */
@ExtendWith(VertxExtension.class)
class StripeSandboxFidelityTest {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private StripeSpec spec;
  private JsonObject payments;
  private StripeProvider provider;
  private WebClient web;

  @BeforeEach
  void setUp(Vertx vertx) {
    spec = StripeSpec.loadOrSkip();
    payments = new JsonObject().put("timeoutMillis", 2000L);
    HttpServer endpoint = Wait.forResult(vertx.createHttpServer().requestHandler(request -> request.body()
      .onSuccess(body -> {
        events.add(body.toJsonObject());
        request.response().end();
      })).listen(0, "127.0.0.1"));
    Wait.forResult(PaymentSandbox.start(vertx, payments, "http://127.0.0.1:" + endpoint.actualPort() + "/hook",
      new SandboxSettings(0, 0, 3, 50)));
    JsonObject config = SurgeConfig.load(List.of(), Map.of());
    config.getJsonObject("payments").mergeIn(payments);
    provider = new StripeProvider(vertx, PaymentSettings.from(config));
    web = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, MultiMap form, String key) {
    HttpRequest<Buffer> request = web.requestAbs(method, payments.getString("baseUrl") + path)
      .putHeader("Authorization", "Bearer " + payments.getString("apiKey"));
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return Wait.forResult(form == null ? request.send() : request.sendForm(form));
  }

  private JsonObject control(String path) {
    return call(HttpMethod.POST, path, null, null).bodyAsJsonObject();
  }

  private void fits(String schema, Object value) {
    problems.addAll(spec.check(schema, value));
  }

  private void error(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response::bodyAsString);
    JsonObject body = response.bodyAsJsonObject();
    fits("error", body);
    assertEquals(code, body.getJsonObject("error").getString("code"), body::encode);
  }

  private static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  @Test
  @DisplayName("intents in every state (processing, requires_capture, requires_action, succeeded, canceled), refunds pending then failed, lists, errors and events all fit Stripe's description")
  void objectsErrorsAndEventsFitStripe() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ProviderIntent created = Wait.forResult(provider.createIntent(1000 + i, "EUR",
        new JsonObject().put("payment_id", "p-" + i).put(ProviderIntent.CREATED_BY, ProviderIntent.SURGE), "k-" + i));
      ids.add(created.id());
    }
    fits("payment_intent", control("/sandbox/intents/" + ids.get(0) + "/process"));
    fits("payment_intent", control("/sandbox/intents/" + ids.get(1) + "/authorize"));
    fits("payment_intent", control("/sandbox/intents/" + ids.get(2) + "/require_action"));
    fits("payment_intent", control("/sandbox/intents/" + ids.get(3) + "/succeed"));
    fits("payment_intent", control("/sandbox/intents/" + ids.get(4) + "/fail"));
    HttpResponse<Buffer> cancelled = call(HttpMethod.POST, "/v1/payment_intents/" + ids.get(5) + "/cancel",
      form("cancellation_reason", "abandoned"), "cancel-5");
    assertEquals(200, cancelled.statusCode(), cancelled::bodyAsString);
    fits("payment_intent", cancelled.bodyAsJsonObject());
    error(call(HttpMethod.POST, "/v1/payment_intents/" + ids.get(0) + "/cancel", form(), "cancel-0"), 400,
      "payment_intent_unexpected_state");

    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults")
      .sendJsonObject(new JsonObject().put("refunds_pending", true)));
    HttpResponse<Buffer> pending = call(HttpMethod.POST, "/v1/refunds",
      form("payment_intent", ids.get(3), "amount", "300"), "refund-1");
    assertEquals("pending", pending.bodyAsJsonObject().getString("status"));
    fits("refund", pending.bodyAsJsonObject());
    JsonObject failed = call(HttpMethod.POST, "/sandbox/refunds/" + pending.bodyAsJsonObject().getString("id")
      + "/fail", null, null).bodyAsJsonObject();
    assertEquals("failed", failed.getString("status"));
    fits("refund", failed);
    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults").sendJsonObject(new JsonObject()));
    fits("refund", call(HttpMethod.POST, "/v1/refunds", form("payment_intent", ids.get(3), "amount", "200"),
      "refund-2").bodyAsJsonObject());

    problems.addAll(spec.checkAnswer("GET", "/v1/payment_intents",
      call(HttpMethod.GET, "/v1/payment_intents?limit=3", null, null).bodyAsJsonObject()));
    problems.addAll(spec.checkAnswer("GET", "/v1/refunds",
      call(HttpMethod.GET, "/v1/refunds?payment_intent=" + ids.get(3), null, null).bodyAsJsonObject()));

    error(call(HttpMethod.GET, "/v1/payment_intents/pi_missing", null, null), 404, "resource_missing");
    error(call(HttpMethod.POST, "/v1/payment_intents", form("amount", "100", "currency", "eur", "checkout", "x"),
      "unknown-param"), 400, "parameter_unknown");
    error(call(HttpMethod.POST, "/v1/payment_intents", form("amount", "10", "currency", "eur"), "tiny"), 400,
      "amount_too_small");
    ProviderIntent declined = Wait.forResult(provider.createIntent(700, "EUR", new JsonObject(), "k-decline"));
    error(call(HttpMethod.POST, "/v1/payment_intents/" + declined.id() + "/confirm",
      form("payment_method", "pm_card_chargeDeclined"), null), 402, "card_declined");
    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults")
      .sendJsonObject(new JsonObject().put("fail_status", 429)));
    error(call(HttpMethod.GET, "/v1/payment_intents/" + ids.get(0), null, null), 429, "rate_limit");
    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults").sendJsonObject(new JsonObject()));

    Wait.until("the events of all that", Duration.ofSeconds(10), Duration.ofMillis(50), events::size,
      count -> count >= 11);
    Set<String> types = new java.util.TreeSet<>();
    for (JsonObject event : events) {
      types.add(event.getString("type"));
      fits("event", event);
      assertEquals("2023-08-16", event.getString("api_version"));
      String type = event.getString("type");
      String object = type.startsWith("payment_intent.") ? "payment_intent"
        : type.startsWith("refund.") || type.startsWith("charge.refund.") ? "refund" : "charge";
      fits(object, event.getJsonObject("data").getJsonObject("object"));
    }
    assertTrue(types.containsAll(List.of("payment_intent.processing", "payment_intent.amount_capturable_updated",
      "refund.created", "refund.updated", "charge.refunded")), types::toString);
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  @DisplayName("idempotency as Stripe documents it: replay, other parameters under the same key refused (400), a key in flight answered 409, keys expire after 24 h")
  void idempotencyAsStripeDocumentsIt() {
    HttpResponse<Buffer> first = call(HttpMethod.POST, "/v1/payment_intents", form("amount", "900", "currency", "eur"),
      "same-key");
    assertEquals(200, first.statusCode());
    assertEquals(first.bodyAsJsonObject().getString("id"), call(HttpMethod.POST, "/v1/payment_intents",
      form("amount", "900", "currency", "eur"), "same-key").bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> other = call(HttpMethod.POST, "/v1/payment_intents", form("amount", "901", "currency", "eur"),
      "same-key");
    assertEquals(400, other.statusCode());
    fits("error", other.bodyAsJsonObject());
    assertEquals("idempotency_error", other.bodyAsJsonObject().getJsonObject("error").getString("type"));

    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults")
      .sendJsonObject(new JsonObject().put("latency_millis", 500)));
    var slow = provider.refund("pi_none", 100, new JsonObject(), "in-flight");
    ProviderException busy = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class,
      () -> Wait.forResult(provider.refund("pi_none", 100, new JsonObject(), "in-flight")));
    assertEquals(ProviderException.Kind.IN_FLIGHT, busy.kind(), "409 means retry later, not a refusal");
    assertEquals("idempotency_key_in_use", busy.providerCode());
    assertEquals(ProviderException.Kind.REJECTED, org.junit.jupiter.api.Assertions.assertThrows(
      ProviderException.class, () -> Wait.forResult(slow)).kind(), "the first request's own answer");
    Wait.forResult(web.putAbs(payments.getString("baseUrl") + "/sandbox/faults").sendJsonObject(new JsonObject()));

    Wait.forResult(web.postAbs(payments.getString("baseUrl") + "/sandbox/clock")
      .sendJsonObject(new JsonObject().put("advance_seconds", 24 * 3600)));
    HttpResponse<Buffer> later = call(HttpMethod.POST, "/v1/payment_intents", form("amount", "901", "currency", "eur"),
      "same-key");
    assertEquals(200, later.statusCode(), "the key expired after 24 h: " + later.bodyAsString());
    assertNotEquals(first.bodyAsJsonObject().getString("id"), later.bodyAsJsonObject().getString("id"));
  }

  @Test
  @DisplayName("recorded exchange: every request the adapter makes names only parameters Stripe lists for its operation, with the pinned Stripe-Version and a key on every POST")
  void adapterSendsOnlyWhatStripeTakes() {
    ProviderIntent intent = Wait.forResult(provider.createIntent(2500, "EUR",
      new JsonObject().put("payment_id", "p-1").put(ProviderIntent.CREATED_BY, ProviderIntent.SURGE), "k-1"));
    Wait.forResult(provider.retrieveIntent(intent.id()));
    control("/sandbox/intents/" + intent.id() + "/succeed");
    Wait.forResult(provider.refund(intent.id(), 500, new JsonObject().put("refund_id", "r-1"), "r-1"));
    Wait.forResult(provider.listRefunds(intent.id()));
    Wait.forResult(provider.listIntents(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60)));
    ProviderIntent open = Wait.forResult(provider.createIntent(900, "EUR", new JsonObject(), "k-2"));
    Wait.forResult(provider.cancelIntent(open.id(), "c-2"));

    JsonArray requests = call(HttpMethod.GET, "/sandbox/requests", null, null).bodyAsJsonObject()
      .getJsonArray("requests");
    assertEquals(7, requests.size(), requests::encode);
    for (Object item : requests) {
      JsonObject request = (JsonObject) item;
      String[] operation = request.getString("operation").split(" ");
      assertTrue(spec.hasOperation(operation[0], operation[1]), request::encode);
      Set<String> allowed = spec.parameters(operation[0], operation[1]);
      for (Object param : request.getJsonArray("params")) {
        String name = (String) param;
        String top = name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
        assertTrue(allowed.contains(top), request.getString("operation") + " takes no " + name + " (Stripe lists "
          + allowed + ")");
      }
      if ("POST".equals(operation[0])) {
        assertTrue(request.getBoolean("idempotency_key"), request::encode);
      }
    }
    JsonObject versions = call(HttpMethod.GET, "/sandbox/stats", null, null).bodyAsJsonObject()
      .getJsonObject("stripe_versions");
    assertEquals(Set.of("2023-08-16"), versions.fieldNames(), versions::encode);
    assertFalse(intent.clientSecret() == null, "the client secret comes back for the storefront");
  }
}
