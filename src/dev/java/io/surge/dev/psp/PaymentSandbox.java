package io.surge.dev.psp;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A stand-in for Stripe (API version {@value #API_VERSION}) for dev mode and tests, holding everything in memory:
 * {@code /v1/payment_intents} (create, retrieve, list, cancel, and confirm as Stripe.js does with the publishable key
 * and the client secret), {@code /v1/refunds} (create, retrieve, list), bearer keys, Idempotency-Key as Stripe
 * documents it ({@link SandboxKeys}), unknown parameters refused, Stripe's errors and list envelopes, and signed
 * events of its API version. Its objects and events are checked against Stripe's own API description in the tests,
 * so a sandbox that merely agrees with the adapter cannot hide a bug. Controls that a customer, their bank or the
 * dashboard would drive: {@code POST /sandbox/intents/{id}/succeed|fail|require_action|process|authorize},
 * {@code POST /sandbox/refunds/{id}/succeed|fail|cancel}, {@code PUT /sandbox/faults}, {@code POST /sandbox/clock},
 * {@code GET /sandbox/stats}, {@code GET /sandbox/requests} (every API request's operation and parameter names, for
 * the recorded-exchange test), {@code POST /sandbox/reset}, and a page to pay a dev order:
 * {@code GET /sandbox/pay/{intent id}}. Never part of the production jar.
 */
public final class PaymentSandbox {

  /** The one API version the sandbox speaks: its objects' shapes and its events' {@code api_version}. */
  public static final String API_VERSION = "2023-08-16";

  private final Vertx vertx;
  private final String apiKey;
  private final String publishableKey;
  private final String baseUrl;
  private final SandboxBook book = new SandboxBook();
  private final SandboxFaults faults = new SandboxFaults();
  private final SandboxKeys keys = new SandboxKeys();
  private final SandboxWebhooks webhooks;
  private final SandboxOperations operations;
  private long clockOffsetSeconds;
  private HttpServer server;
  private Router router;

  private PaymentSandbox(Vertx vertx, String apiKey, String baseUrl, String webhookTarget, String webhookSecret,
    SandboxSettings options) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.publishableKey = "pk_test_" + apiKey.substring("sk_test_".length());
    this.baseUrl = baseUrl;
    this.webhooks = new SandboxWebhooks(vertx, webhookTarget, webhookSecret, API_VERSION, options, faults);
    this.operations = new SandboxOperations(vertx, book, faults, webhooks, baseUrl, options.autoSucceedMillis());
  }

  /**
   * Starts on {@code options.port} (0: a free loopback port) and points {@code payments} (base URL, secret and
   * publishable keys, webhook secret) at itself; events go to {@code webhookTarget}.
   */
  public static Future<PaymentSandbox> start(Vertx vertx, JsonObject payments, String webhookTarget,
    SandboxSettings options) {
    String apiKey = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
    String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    HttpServer server = vertx.createHttpServer();
    PaymentSandbox[] sandbox = new PaymentSandbox[1];
    server.requestHandler(ctx -> sandbox[0].router.handle(ctx));
    return server.listen(options.port(), "127.0.0.1").map(listening -> {
      String base = "http://127.0.0.1:" + listening.actualPort();
      sandbox[0] = new PaymentSandbox(vertx, apiKey, base, webhookTarget, secret, options);
      sandbox[0].server = listening;
      sandbox[0].router = sandbox[0].routes();
      payments.put("baseUrl", base).put("apiKey", apiKey).put("publishableKey", sandbox[0].publishableKey)
        .put("webhookSecret", secret).put("paymentPageUrl", base + "/sandbox/pay/{id}");
      return sandbox[0];
    });
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Future<Void> close() {
    return server.close();
  }

  private Router routes() {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create(false).setBodyLimit(65_536));
    r.route("/v1/*").handler(this::authenticated);
    r.post("/v1/payment_intents").handler(ctx -> keyed(ctx, "create", "POST /v1/payment_intents",
      operations::createIntent));
    r.get("/v1/payment_intents").handler(ctx -> read(ctx, "GET /v1/payment_intents", this::listIntents));
    r.get("/v1/payment_intents/:id").handler(ctx -> read(ctx, "GET /v1/payment_intents/{intent}", this::intent));
    r.post("/v1/payment_intents/:id/cancel").handler(ctx -> keyed(ctx, "cancel",
      "POST /v1/payment_intents/{intent}/cancel", operations::cancelIntent));
    r.post("/v1/payment_intents/:id/confirm").handler(ctx -> keyed(ctx, "confirm",
      "POST /v1/payment_intents/{intent}/confirm", operations::confirmIntent));
    r.post("/v1/refunds").handler(ctx -> keyed(ctx, "refund", "POST /v1/refunds", operations::refund));
    r.get("/v1/refunds").handler(ctx -> read(ctx, "GET /v1/refunds", this::listRefunds));
    r.get("/v1/refunds/:id").handler(ctx -> read(ctx, "GET /v1/refunds/{refund}", this::refund));
    r.post("/sandbox/intents/:id/:outcome").handler(this::decide);
    r.post("/sandbox/refunds/:id/:outcome").handler(this::decideRefund);
    r.get("/sandbox/stats").handler(ctx -> json(ctx, 200, stats()));
    r.get("/sandbox/requests").handler(ctx -> json(ctx, 200, new JsonObject().put("requests", book.requests.copy())));
    r.put("/sandbox/faults").handler(ctx -> {
      faults.set(ctx.body().asJsonObject());
      json(ctx, 200, faults.toJson());
    });
    r.post("/sandbox/clock").handler(ctx -> {
      clockOffsetSeconds += ctx.body().asJsonObject().getLong("advance_seconds", 0L);
      json(ctx, 200, new JsonObject().put("offset_seconds", clockOffsetSeconds));
    });
    r.post("/sandbox/reset").handler(ctx -> {
      book.clear();
      keys.clear();
      webhooks.reset();
      faults.set(new JsonObject());
      clockOffsetSeconds = 0;
      json(ctx, 200, stats());
    });
    r.get("/sandbox/pay/:id").handler(ctx -> SandboxPage.show(ctx, book.intents.get(ctx.pathParam("id")),
      SandboxPage.returnUrl(ctx.request().getParam("return_url"))));
    r.post("/sandbox/pay/:id").handler(this::payFromPage);
    return r;
  }

  /**
   * The secret key for everything; the publishable key only to confirm an intent with its client secret, as
   * Stripe.js does in the shopper's browser.
   */
  private void authenticated(RoutingContext ctx) {
    book.versions.merge(String.valueOf(ctx.request().getHeader("Stripe-Version")), 1, Integer::sum);
    String auth = ctx.request().getHeader("Authorization");
    boolean secret = ("Bearer " + apiKey).equals(auth);
    boolean browser = ("Bearer " + publishableKey).equals(auth) && ctx.request().path().endsWith("/confirm")
      && clientSecretMatches(ctx);
    if (!secret && !browser) {
      json(ctx, 401, SandboxErrors.invalid("api_key_invalid", null, "Invalid API Key provided."));
      return;
    }
    if (faults.failStatus > 0) {
      json(ctx, faults.failStatus, faults.failStatus == 429
        ? SandboxErrors.invalid("rate_limit", null, "Too many requests hit the API too quickly.")
        : SandboxErrors.error("api_error", null, null, "The sandbox was told to fail."));
      return;
    }
    ctx.next();
  }

  private boolean clientSecretMatches(RoutingContext ctx) {
    String[] parts = ctx.request().path().split("/");
    JsonObject intent = parts.length > 3 ? book.intents.get(parts[3]) : null;
    return intent != null && intent.getString("client_secret").equals(ctx.request().getFormAttribute("client_secret"));
  }

  /** A creating call: parameters checked, then Stripe's idempotency, then the work. */
  private void keyed(RoutingContext ctx, String name, String operation, Function<RoutingContext, JsonObject> work) {
    book.record(operation, ctx.request().path(), ctx.request().formAttributes().names(),
      ctx.request().getHeader("Idempotency-Key") != null);
    JsonObject unknown = SandboxErrors.unknownParameter(operation, ctx.request().formAttributes().names());
    if (unknown != null) {
      json(ctx, 400, unknown);
      return;
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null) {
      book.callsPerKey.merge(name + ":" + key, 1, Integer::sum);
      JsonObject early = keys.before(key, SandboxKeys.fingerprint(ctx.request().path(), params(ctx.request()
        .formAttributes())), now());
      if (early != null) {
        answer(ctx, early, null);
        return;
      }
    }
    JsonObject result = work.apply(ctx);
    if (key != null) {
      keys.done(key, result.getInteger("status"), result.getJsonObject("body"), now());
    }
    answer(ctx, result, key);
  }

  private void read(RoutingContext ctx, String operation, Function<RoutingContext, JsonObject> work) {
    book.record(operation, ctx.request().path(), ctx.queryParams().names(), false);
    JsonObject unknown = SandboxErrors.unknownParameter(operation, ctx.queryParams().names());
    answer(ctx, unknown != null ? SandboxKeys.answer(400, unknown) : work.apply(ctx), null);
  }

  private JsonObject intent(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    return intent == null ? SandboxKeys.answer(404, SandboxErrors.missing("payment_intent", ctx.pathParam("id")))
      : SandboxOperations.ok(intent);
  }

  private JsonObject refund(RoutingContext ctx) {
    JsonObject refund = book.refunds.get(ctx.pathParam("id"));
    return refund == null ? SandboxKeys.answer(404, SandboxErrors.missing("refund", ctx.pathParam("id")))
      : SandboxOperations.ok(refund);
  }

  /** Stripe lists newest first; {@code created[gte]}, {@code created[lt]}, {@code limit}, {@code starting_after}. */
  private JsonObject listIntents(RoutingContext ctx) {
    long gte = Long.parseLong(param(ctx, "created[gte]", "0"));
    long lt = Long.parseLong(param(ctx, "created[lt]", Long.toString(Long.MAX_VALUE)));
    List<JsonObject> all = new ArrayList<>(book.intents.values());
    java.util.Collections.reverse(all);
    return page(ctx, "/v1/payment_intents",
      all.stream().filter(i -> i.getLong("created") >= gte && i.getLong("created") < lt).toList());
  }

  private JsonObject listRefunds(RoutingContext ctx) {
    String intentId = ctx.request().getParam("payment_intent");
    List<JsonObject> all = new ArrayList<>(book.refunds.values());
    java.util.Collections.reverse(all);
    return page(ctx, "/v1/refunds",
      intentId == null ? all : all.stream().filter(r -> intentId.equals(r.getString("payment_intent"))).toList());
  }

  private static JsonObject page(RoutingContext ctx, String url, List<JsonObject> window) {
    int limit = Math.min(100, Integer.parseInt(param(ctx, "limit", "10")));
    String after = ctx.request().getParam("starting_after");
    int start = 0;
    if (after != null) {
      for (int i = 0; i < window.size(); i++) {
        if (window.get(i).getString("id").equals(after)) {
          start = i + 1;
        }
      }
    }
    List<JsonObject> page = window.subList(Math.min(start, window.size()), Math.min(start + limit, window.size()));
    return SandboxOperations.ok(SandboxBook.list(url, page, start + limit < window.size()));
  }

  private void decide(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    String outcome = ctx.pathParam("outcome");
    if (intent == null || !List.of("succeed", "fail", "require_action", "process", "authorize").contains(outcome)) {
      json(ctx, 404, SandboxErrors.missing("payment_intent", ctx.pathParam("id")));
      return;
    }
    JsonObject result = operations.outcome(intent, outcome);
    json(ctx, result.containsKey("error") ? 409 : 200, result);
  }

  private void decideRefund(RoutingContext ctx) {
    JsonObject refund = book.refunds.get(ctx.pathParam("id"));
    if (refund == null) {
      json(ctx, 404, SandboxErrors.missing("refund", ctx.pathParam("id")));
      return;
    }
    JsonObject result = operations.refundOutcome(refund, ctx.pathParam("outcome"));
    json(ctx, result.getInteger("status") == 200 ? 200 : 409, result.getJsonObject("body"));
  }

  private void payFromPage(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    String choice = ctx.request().getFormAttribute("outcome");
    if (intent != null) {
      operations.outcome(intent, choice == null ? "succeed" : choice);
    }
    // back to the page (a form may not be redirected across origins under its CSP); it links back to the shop
    String back = SandboxPage.returnUrl(ctx.request().getFormAttribute("return_url"));
    ctx.response().setStatusCode(303).putHeader("Location", "/sandbox/pay/" + ctx.pathParam("id")
      + (back == null ? ""
        : "?return_url=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8)))
      .end();
  }

  private JsonObject stats() {
    return new JsonObject()
      .put("intents", book.intents.size())
      .put("refunds", book.refunds.size())
      .put("create_calls", book.createCalls)
      .put("refund_calls", book.refundCalls)
      .put("calls", new JsonObject(new HashMap<>(book.calls)))
      .put("calls_per_key", new JsonObject(new HashMap<>(book.callsPerKey)))
      .put("stripe_versions", new JsonObject(new HashMap<>(book.versions)))
      .put("refunded_total", book.intents.keySet().stream().mapToLong(book::refunded).sum())
      .put("webhooks_delivered", webhooks.delivered)
      .put("webhook_failed_attempts", webhooks.failedAttempts)
      .put("faults", faults.toJson());
  }

  private long now() {
    return SandboxBook.now() + clockOffsetSeconds;
  }

  /**
   * API answers, held back by the latency fault: the work is done, only the answer is late; the request's key
   * stays in flight (a second request with it gets 409) until the answer has left.
   */
  private void answer(RoutingContext ctx, JsonObject answer, String key) {
    Runnable send = () -> {
      json(ctx, answer.getInteger("status"), answer.getJsonObject("body"));
      if (key != null) {
        keys.answered(key);
      }
    };
    if (faults.latencyMillis > 0) {
      vertx.setTimer(faults.latencyMillis, t -> send.run());
    } else {
      send.run();
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().closed() && !ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Stripe-Version", API_VERSION).end(body.encode());
    }
  }

  private static Map<String, String> params(MultiMap form) {
    Map<String, String> params = new HashMap<>();
    form.forEach(entry -> params.put(entry.getKey(), entry.getValue()));
    return params;
  }

  private static String param(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getParam(name);
    return value == null ? fallback : value;
  }

  /** {@code metadata[key]=value} form fields. */
  static JsonObject metadata(RoutingContext ctx) {
    JsonObject metadata = new JsonObject();
    ctx.request().formAttributes().forEach(entry -> {
      if (entry.getKey().startsWith("metadata[") && entry.getKey().endsWith("]")) {
        metadata.put(entry.getKey().substring(9, entry.getKey().length() - 1), entry.getValue());
      }
    });
    return metadata;
  }
}
