package io.surge.dev.psp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A payment provider for dev mode and tests that speaks the same wire API as the Stripe adapter expects
 * ({@code /v1/payment_intents}, {@code /v1/refunds}, bearer key, Idempotency-Key, form bodies, signed
 * webhooks), holding everything in memory. Controls that a real provider's dashboard or customer would
 * drive: {@code POST /sandbox/intents/{id}/succeed|fail|require_action}, {@code PUT /sandbox/faults},
 * {@code GET /sandbox/stats}, {@code POST /sandbox/reset}, and a page to pay a dev order:
 * {@code GET /sandbox/pay/{id}}. Never part of the production jar.
 */
public final class PaymentSandbox {

  private final Vertx vertx;
  private final String apiKey;
  private final String baseUrl;
  private final long autoSucceedMillis;
  private final SandboxBook book = new SandboxBook();
  private final SandboxFaults faults = new SandboxFaults();
  private final SandboxWebhooks webhooks;
  private final Map<String, JsonObject> answered = new java.util.HashMap<>();
  private HttpServer server;
  private Router router;

  private PaymentSandbox(Vertx vertx, String apiKey, String baseUrl, String webhookTarget, String webhookSecret,
    SandboxSettings options) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.autoSucceedMillis = options.autoSucceedMillis();
    this.webhooks = new SandboxWebhooks(vertx, webhookTarget, webhookSecret, options, faults);
  }

  /**
   * Starts on {@code options.port} (0: a free loopback port) and points {@code payments} (base URL, API key,
   * webhook secret) at itself; events go to {@code webhookTarget}.
   */
  public static Future<PaymentSandbox> start(Vertx vertx, JsonObject payments, String webhookTarget,
    SandboxSettings options) {
    String apiKey = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
    String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    HttpServer server = vertx.createHttpServer();
    int[] port = {0};
    PaymentSandbox[] sandbox = new PaymentSandbox[1];
    server.requestHandler(ctx -> sandbox[0].router.handle(ctx));
    return server.listen(options.port(), "127.0.0.1").map(listening -> {
      port[0] = listening.actualPort();
      String base = "http://127.0.0.1:" + port[0];
      sandbox[0] = new PaymentSandbox(vertx, apiKey, base, webhookTarget, secret, options);
      sandbox[0].server = listening;
      sandbox[0].router = sandbox[0].routes();
      payments.put("baseUrl", base).put("apiKey", apiKey).put("webhookSecret", secret);
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
    r.post("/v1/payment_intents").handler(ctx -> once(ctx, "create", this::createIntent));
    r.get("/v1/payment_intents").handler(this::listIntents);
    r.get("/v1/payment_intents/:id").handler(ctx -> answer(ctx, 200, intentOr404(ctx)));
    r.post("/v1/payment_intents/:id/cancel").handler(ctx -> once(ctx, "cancel", this::cancelIntent));
    r.post("/v1/refunds").handler(ctx -> once(ctx, "refund", this::refund));
    r.post("/sandbox/intents/:id/:outcome").handler(this::decide);
    r.get("/sandbox/stats").handler(ctx -> json(ctx, 200, stats()));
    r.put("/sandbox/faults").handler(ctx -> {
      faults.set(ctx.body().asJsonObject());
      json(ctx, 200, faults.toJson());
    });
    r.post("/sandbox/reset").handler(ctx -> {
      book.clear();
      answered.clear();
      webhooks.reset();
      faults.set(new JsonObject());
      json(ctx, 200, stats());
    });
    r.get("/sandbox/pay/:id").handler(ctx -> SandboxPage.show(ctx, book.intents.get(ctx.pathParam("id"))));
    r.post("/sandbox/pay/:id").handler(this::payFromPage);
    return r;
  }

  private void authenticated(RoutingContext ctx) {
    if (!("Bearer " + apiKey).equals(ctx.request().getHeader("Authorization"))) {
      json(ctx, 401, error("invalid_request_error", "api_key_invalid", "Invalid API key provided."));
      return;
    }
    if (faults.failStatus > 0) {
      json(ctx, faults.failStatus, error("api_error", "sandbox_fault", "The sandbox was told to fail."));
      return;
    }
    ctx.next();
  }

  /** Idempotency-Key: the first answer for a key is the answer for every later call with it. */
  private void once(RoutingContext ctx, String operation,
    java.util.function.Function<RoutingContext, JsonObject> work) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null) {
      book.callsPerKey.merge(operation + ":" + key, 1, Integer::sum);
      JsonObject earlier = answered.get(operation + ":" + key);
      if (earlier != null) {
        answer(ctx, earlier.getInteger("status"), earlier.getJsonObject("body"));
        return;
      }
    }
    JsonObject result = work.apply(ctx);
    int status = result.containsKey("error") ? 400 : 200;
    if (key != null) {
      answered.put(operation + ":" + key, new JsonObject().put("status", status).put("body", result));
    }
    answer(ctx, status, result);
  }

  private JsonObject createIntent(RoutingContext ctx) {
    book.createCalls++;
    long amount = Long.parseLong(form(ctx, "amount", "0"));
    String currency = form(ctx, "currency", "").toLowerCase(Locale.ROOT);
    if (amount <= 0 || currency.length() != 3) {
      return error("invalid_request_error", "parameter_invalid", "amount and currency are required");
    }
    JsonObject intent = book.newIntent(amount, currency, metadata(ctx), baseUrl);
    if (autoSucceedMillis > 0) {
      String id = intent.getString("id");
      vertx.setTimer(autoSucceedMillis, t -> outcome(book.intents.get(id), "succeed"));
    }
    return intent;
  }

  private JsonObject cancelIntent(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    if (intent == null) {
      return error("invalid_request_error", "resource_missing", "No such payment_intent");
    }
    if ("succeeded".equals(intent.getString("status"))) {
      return error("invalid_request_error", "payment_intent_unexpected_state",
        "A succeeded intent cannot be cancelled.");
    }
    intent.put("status", "canceled");
    webhooks.emit("payment_intent.canceled", intent);
    return intent;
  }

  private JsonObject refund(RoutingContext ctx) {
    book.refundCalls++;
    JsonObject intent = book.intents.get(form(ctx, "payment_intent", ""));
    if (intent == null) {
      return error("invalid_request_error", "resource_missing", "No such payment_intent");
    }
    if (!"succeeded".equals(intent.getString("status"))) {
      return error("invalid_request_error", "charge_not_succeeded", "This payment has not succeeded.");
    }
    long left = intent.getLong("amount_received") - intent.getLong("amount_refunded");
    long amount = Long.parseLong(form(ctx, "amount", Long.toString(left)));
    if (amount <= 0 || amount > left) {
      return error("invalid_request_error", "amount_too_large",
        "Refund amount is greater than what is left (" + left + ").");
    }
    JsonObject refund = book.addRefund(intent, amount, metadata(ctx));
    webhooks.emit("charge.refunded", book.charge(intent));
    return refund;
  }

  /** Stripe lists newest first; {@code created[gte]}, {@code created[lt]}, {@code limit}, {@code starting_after}. */
  private void listIntents(RoutingContext ctx) {
    long gte = Long.parseLong(param(ctx, "created[gte]", "0"));
    long lt = Long.parseLong(param(ctx, "created[lt]", Long.toString(Long.MAX_VALUE)));
    int limit = Math.min(100, Integer.parseInt(param(ctx, "limit", "10")));
    String after = ctx.request().getParam("starting_after");
    List<JsonObject> all = new ArrayList<>(book.intents.values());
    java.util.Collections.reverse(all);
    List<JsonObject> window = all.stream().filter(i -> i.getLong("created") >= gte && i.getLong("created") < lt)
      .toList();
    int start = 0;
    if (after != null) {
      for (int i = 0; i < window.size(); i++) {
        if (window.get(i).getString("id").equals(after)) {
          start = i + 1;
        }
      }
    }
    List<JsonObject> page = window.subList(Math.min(start, window.size()), Math.min(start + limit, window.size()));
    answer(ctx, 200, new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(page)))
      .put("has_more", start + limit < window.size()));
  }

  private void decide(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    String outcome = ctx.pathParam("outcome");
    if (intent == null || !List.of("succeed", "fail", "require_action").contains(outcome)) {
      json(ctx, 404, error("invalid_request_error", "resource_missing", "No such intent or outcome"));
      return;
    }
    JsonObject result = outcome(intent, outcome);
    json(ctx, result.containsKey("error") ? 409 : 200, result);
  }

  /** What the customer did on the provider's page; the event tells Surge. */
  JsonObject outcome(JsonObject intent, String outcome) {
    if (intent == null) {
      return error("invalid_request_error", "resource_missing", "No such intent");
    }
    String status = intent.getString("status");
    if ("succeeded".equals(status) || "canceled".equals(status)) {
      return error("invalid_request_error", "payment_intent_unexpected_state", "The intent is " + status + ".");
    }
    switch (outcome) {
      case "succeed" -> {
        intent.put("status", "succeeded").put("amount_received", intent.getLong("amount"))
          .put("latest_charge", SandboxBook.id("ch")).putNull("last_payment_error");
        webhooks.emit("payment_intent.succeeded", intent);
      }
      case "fail" -> {
        intent.put("status", "requires_payment_method").put("last_payment_error",
          new JsonObject().put("code", "card_declined").put("message", "Your card was declined."));
        webhooks.emit("payment_intent.payment_failed", intent);
      }
      default -> {
        intent.put("status", "requires_action").put("next_action", new JsonObject().put("type", "redirect_to_url")
          .put("redirect_to_url", new JsonObject().put("url", intent.getString("checkout_url"))));
        webhooks.emit("payment_intent.requires_action", intent);
      }
    }
    return intent;
  }

  private void payFromPage(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    String choice = ctx.request().getFormAttribute("outcome");
    outcome(intent, choice == null ? "succeed" : choice);
    ctx.response().setStatusCode(303).putHeader("Location", "/sandbox/pay/" + ctx.pathParam("id")).end();
  }

  private JsonObject stats() {
    return new JsonObject()
      .put("intents", book.intents.size())
      .put("refunds", book.refundCount())
      .put("create_calls", book.createCalls)
      .put("refund_calls", book.refundCalls)
      .put("calls_per_key", new JsonObject(new java.util.HashMap<>(book.callsPerKey)))
      .put("refunded_total", book.intents.values().stream().mapToLong(i -> i.getLong("amount_refunded")).sum())
      .put("webhooks_delivered", webhooks.delivered)
      .put("webhook_failed_attempts", webhooks.failedAttempts)
      .put("faults", faults.toJson());
  }

  private JsonObject intentOr404(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    return intent == null ? error("invalid_request_error", "resource_missing", "No such payment_intent") : intent;
  }

  /** API answers, held back by the latency fault: the work is done, only the answer is late. */
  private void answer(RoutingContext ctx, int status, JsonObject body) {
    int code = body.containsKey("error") && status == 200 ? 404 : status;
    if (faults.latencyMillis > 0) {
      vertx.setTimer(faults.latencyMillis, t -> json(ctx, code, body));
    } else {
      json(ctx, code, body);
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().closed() && !ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  private static JsonObject error(String type, String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("type", type).put("code", code).put("message", message));
  }

  private static String form(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? fallback : value;
  }

  private static String param(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getParam(name);
    return value == null ? fallback : value;
  }

  /** {@code metadata[key]=value} form fields. */
  private static JsonObject metadata(RoutingContext ctx) {
    JsonObject metadata = new JsonObject();
    ctx.request().formAttributes().forEach(entry -> {
      if (entry.getKey().startsWith("metadata[") && entry.getKey().endsWith("]")) {
        metadata.put(entry.getKey().substring(9, entry.getKey().length() - 1), entry.getValue());
      }
    });
    return metadata;
  }
}
