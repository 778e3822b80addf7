package io.surge.payments;

import io.surge.observability.Tracing;
import io.surge.payments.ProviderException.Kind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The adapter for Stripe's REST API: form-encoded requests, bearer API key, {@code Idempotency-Key} on every
 * creating call, JSON answers, {@code {"error": {...}}} on failure. Every call carries {@code Stripe-Version}
 * ({@code payments.apiVersion}), so the shapes Surge reads are those of the version it was written and tested
 * against, not the account's default. Pointing Surge at Stripe (or the dev sandbox, which speaks the same wire
 * API) is a matter of {@code payments.baseUrl} and {@code apiKey}.
 */
public final class StripeProvider implements PaymentProvider {

  private static final int PAGE = 100;

  private final WebClient web;
  private final String baseUrl;
  private final String apiKey;
  private final String apiVersion;
  private final long timeoutMillis;

  public StripeProvider(Vertx vertx, PaymentSettings payments) {
    WebClientOptions options = new WebClientOptions().setUserAgent("surge-payments").setKeepAlive(true)
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, payments.timeoutMillis()));
    options.setTracingPolicy(Tracing.CLIENTS);
    this.web = WebClient.create(vertx, options);
    String base = payments.baseUrl();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = payments.apiKey();
    this.apiVersion = payments.apiVersion();
    this.timeoutMillis = payments.timeoutMillis();
  }

  @Override
  public String name() {
    return "stripe";
  }

  @Override
  public Future<ProviderIntent> createIntent(long amount, String currency, JsonObject metadata, String idempotencyKey) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
      .add("amount", Long.toString(amount))
      .add("currency", currency.toLowerCase(Locale.ROOT))
      .add("automatic_payment_methods[enabled]", "true");
    addMetadata(form, metadata);
    return post("/v1/payment_intents", form, idempotencyKey).map(ProviderIntent::from);
  }

  @Override
  public Future<ProviderIntent> retrieveIntent(String intentId) {
    return send(request(HttpMethod.GET, "/v1/payment_intents/" + intentId, null), null).map(ProviderIntent::from);
  }

  @Override
  public Future<ProviderIntent> cancelIntent(String intentId, String idempotencyKey) {
    return post("/v1/payment_intents/" + intentId + "/cancel", MultiMap.caseInsensitiveMultiMap(), idempotencyKey)
      .map(ProviderIntent::from);
  }

  @Override
  public Future<ProviderRefund> refund(String intentId, long amount, JsonObject metadata, String idempotencyKey) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("payment_intent", intentId).add("amount",
      Long.toString(amount));
    addMetadata(form, metadata);
    return post("/v1/refunds", form, idempotencyKey).map(ProviderRefund::from);
  }

  @Override
  public Future<List<ProviderRefund>> listRefunds(String intentId) {
    return listAll(() -> request(HttpMethod.GET, "/v1/refunds", null).addQueryParam("payment_intent", intentId),
      ProviderRefund::from, ProviderRefund::id, null, new ArrayList<>());
  }

  @Override
  public Future<List<ProviderIntent>> listIntents(Instant from, Instant to) {
    return listAll(() -> request(HttpMethod.GET, "/v1/payment_intents", null)
      .addQueryParam("created[gte]", Long.toString(from.getEpochSecond()))
      .addQueryParam("created[lt]", Long.toString(to.getEpochSecond())), ProviderIntent::from, ProviderIntent::id,
      null, new ArrayList<>());
  }

  /** A Stripe list, whole: follows {@code has_more} with {@code starting_after}, one page after the other. */
  private <T> Future<List<T>> listAll(Supplier<HttpRequest<Buffer>> query, Function<JsonObject, T> parse,
    Function<T, String> id, String after, List<T> into) {
    HttpRequest<Buffer> request = query.get().addQueryParam("limit", Integer.toString(PAGE));
    if (after != null) {
      request.addQueryParam("starting_after", after);
    }
    return send(request, null).compose(list -> {
      JsonArray data = list.getJsonArray("data", new JsonArray());
      for (int i = 0; i < data.size(); i++) {
        into.add(parse.apply(data.getJsonObject(i)));
      }
      return list.getBoolean("has_more", false) && !data.isEmpty()
        ? listAll(query, parse, id, id.apply(into.get(into.size() - 1)), into)
        : Future.succeededFuture(into);
    });
  }

  private Future<JsonObject> post(String path, MultiMap form, String idempotencyKey) {
    HttpRequest<Buffer> request = request(HttpMethod.POST, path, idempotencyKey);
    return send(request, form);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path, String idempotencyKey) {
    HttpRequest<Buffer> request = web.requestAbs(method, baseUrl + path)
      .putHeader("Authorization", "Bearer " + apiKey)
      .putHeader("Stripe-Version", apiVersion)
      .timeout(timeoutMillis);
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return request;
  }

  private static Future<JsonObject> send(HttpRequest<Buffer> request, MultiMap form) {
    Future<HttpResponse<Buffer>> sent = form == null ? request.send() : request.sendForm(form);
    return sent.transform(ar -> {
      if (ar.failed()) {
        Throwable cause = ar.cause();
        return Future.failedFuture(cause instanceof TimeoutException
          ? new ProviderException(Kind.TIMEOUT, null, "provider timed out")
          : new ProviderException(Kind.UNAVAILABLE, null, "provider unreachable: " + cause.getClass().getSimpleName()));
      }
      return answer(ar.result());
    });
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonObject body;
    try {
      body = response.body() == null ? new JsonObject() : response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = new JsonObject();
    }
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(body);
    }
    JsonObject error = body == null ? new JsonObject() : body.getJsonObject("error", new JsonObject());
    // 409: the same Idempotency-Key is in flight elsewhere; its outcome is not known yet, so never a refusal
    Kind kind = status == 409 ? Kind.IN_FLIGHT : status == 429 || status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED;
    return Future.failedFuture(new ProviderException(kind, error.getString("code"),
      "provider answered " + status + ": " + error.getString("message", "")));
  }

  private static void addMetadata(MultiMap form, JsonObject metadata) {
    if (metadata != null) {
      metadata.forEach(entry -> form.add("metadata[" + entry.getKey() + "]", String.valueOf(entry.getValue())));
    }
  }
}
