package io.surge.dev.psp;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sandbox's API operations do to its book, and what a customer or the provider's dashboard does (the
 * {@code /sandbox/...} controls). Each answer is {@code {"status", "body"}}; errors are Stripe's, with Stripe's
 * statuses (400 invalid request, 402 card declined, 404 missing object).
 */
final class SandboxOperations {

  /** Stripe's minimum charge per currency in minor units (about 0.50 in the main currencies). */
  static final Map<String, Long> MINIMUMS = Map.of("usd", 50L, "eur", 50L, "gbp", 30L, "chf", 50L, "cad", 50L,
    "aud", 50L, "jpy", 50L, "dkk", 250L, "sek", 300L, "nok", 300L);
  /** Stripe's maximum: eight digits of minor units. */
  static final long MAXIMUM = 99_999_999L;

  private final Vertx vertx;
  private final SandboxBook book;
  private final SandboxFaults faults;
  private final SandboxWebhooks webhooks;
  private final String baseUrl;
  private final long autoSucceedMillis;

  SandboxOperations(Vertx vertx, SandboxBook book, SandboxFaults faults, SandboxWebhooks webhooks, String baseUrl,
    long autoSucceedMillis) {
    this.vertx = vertx;
    this.book = book;
    this.faults = faults;
    this.webhooks = webhooks;
    this.baseUrl = baseUrl;
    this.autoSucceedMillis = autoSucceedMillis;
  }

  static JsonObject ok(JsonObject body) {
    return SandboxKeys.answer(200, body);
  }

  static JsonObject bad(JsonObject error) {
    return SandboxKeys.answer(400, error);
  }

  JsonObject createIntent(RoutingContext ctx) {
    book.createCalls++;
    String currency = form(ctx, "currency", "").toLowerCase(Locale.ROOT);
    if (form(ctx, "amount", null) == null) {
      return bad(SandboxErrors.invalid("parameter_missing", "amount", "Missing required param: amount."));
    }
    if (currency.length() != 3) {
      return bad(SandboxErrors.invalid("parameter_missing", "currency", "Missing required param: currency."));
    }
    long amount;
    try {
      amount = Long.parseLong(form(ctx, "amount", ""));
    } catch (NumberFormatException e) {
      return bad(SandboxErrors.invalid("parameter_invalid_integer", "amount", "Invalid integer: amount"));
    }
    if (amount < MINIMUMS.getOrDefault(currency, 50L)) {
      return bad(SandboxErrors.invalid("amount_too_small", "amount",
        "Amount must be at least " + MINIMUMS.getOrDefault(currency, 50L) + " minor units of " + currency));
    }
    if (amount > MAXIMUM) {
      return bad(SandboxErrors.invalid("amount_too_large", "amount", "Amount must be no more than 99999999"));
    }
    String capture = form(ctx, "capture_method", "automatic");
    JsonObject intent = book.newIntent(amount, currency, PaymentSandbox.metadata(ctx), capture);
    if (autoSucceedMillis > 0) {
      String id = intent.getString("id");
      vertx.setTimer(autoSucceedMillis, t -> outcome(book.intents.get(id), "succeed"));
    }
    return ok(intent);
  }

  JsonObject cancelIntent(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    if (intent == null) {
      return SandboxKeys.answer(404, SandboxErrors.missing("payment_intent", ctx.pathParam("id")));
    }
    String status = intent.getString("status");
    if (List.of("succeeded", "processing", "canceled").contains(status)) {
      return bad(SandboxErrors.invalid("payment_intent_unexpected_state", null, "You cannot cancel this PaymentIntent "
        + "because it has a status of " + status + ". Only a PaymentIntent with one of the following statuses may be "
        + "canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action."));
    }
    intent.put("status", "canceled").put("canceled_at", SandboxBook.now())
      .put("cancellation_reason", form(ctx, "cancellation_reason", null)).putNull("next_action");
    webhooks.emit("payment_intent.canceled", intent);
    return ok(intent);
  }

  /**
   * What Stripe.js does with the client secret on the storefront: confirms the intent with a payment method. Test
   * payment methods as Stripe names them decide the end: {@code pm_card_visa} pays, {@code pm_card_chargeDeclined}
   * is declined (402), {@code pm_card_threeDSecure2Required} asks for authentication, {@code pm_sepa_debit}
   * processes (a bank debit).
   */
  JsonObject confirmIntent(RoutingContext ctx) {
    JsonObject intent = book.intents.get(ctx.pathParam("id"));
    if (intent == null) {
      return SandboxKeys.answer(404, SandboxErrors.missing("payment_intent", ctx.pathParam("id")));
    }
    String status = intent.getString("status");
    if (!List.of("requires_payment_method", "requires_confirmation").contains(status)) {
      return bad(SandboxErrors.invalid("payment_intent_unexpected_state", null,
        "This PaymentIntent's status is " + status + " and cannot be confirmed."));
    }
    String method = form(ctx, "payment_method", "pm_card_visa");
    intent.put("payment_method", method);
    return switch (method) {
      case "pm_card_chargeDeclined" -> {
        outcome(intent, "fail");
        JsonObject declined = SandboxErrors.error("card_error", "card_declined", null, "Your card was declined.");
        declined.getJsonObject("error").put("decline_code", "generic_decline").put("payment_intent", intent.copy());
        yield SandboxKeys.answer(402, declined);
      }
      case "pm_card_threeDSecure2Required" -> ok(outcome(intent, "require_action"));
      case "pm_sepa_debit" -> ok(outcome(intent, "process"));
      default -> ok(outcome(intent, "manual".equals(intent.getString("capture_method")) ? "authorize" : "succeed"));
    };
  }

  JsonObject refund(RoutingContext ctx) {
    book.refundCalls++;
    String intentId = form(ctx, "payment_intent", null);
    if (intentId == null) {
      return bad(
        SandboxErrors.invalid("parameter_missing", "payment_intent", "Missing required param: payment_intent."));
    }
    JsonObject intent = book.intents.get(intentId);
    if (intent == null) {
      return bad(
        SandboxErrors.invalid("resource_missing", "payment_intent", "No such payment_intent: '" + intentId + "'"));
    }
    if (!"succeeded".equals(intent.getString("status"))) {
      return bad(SandboxErrors.invalid("charge_not_succeeded", "payment_intent",
        "This PaymentIntent has no succeeded charge to refund."));
    }
    long left = book.refundable(intent);
    long amount;
    try {
      amount = Long.parseLong(form(ctx, "amount", Long.toString(left)));
    } catch (NumberFormatException e) {
      return bad(SandboxErrors.invalid("parameter_invalid_integer", "amount", "Invalid integer: amount"));
    }
    if (amount <= 0 || amount > left) {
      return bad(SandboxErrors.invalid("amount_too_large", "amount",
        "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + left + ")"));
    }
    JsonObject refund = book.addRefund(intent, amount, PaymentSandbox.metadata(ctx),
      faults.refundsPending ? "pending" : "succeeded");
    webhooks.emit("refund.created", refund);
    if ("succeeded".equals(refund.getString("status"))) {
      webhooks.emit("charge.refunded", book.charge(intent));
    }
    return ok(refund);
  }

  /** The end of a pending refund (or a succeeded one the customer's bank sends back): {@code refund.updated}. */
  JsonObject refundOutcome(JsonObject refund, String outcome) {
    String status = refund.getString("status");
    String target = switch (outcome) {
      case "succeed" -> "succeeded";
      case "fail" -> "failed";
      case "cancel" -> "canceled";
      default -> null;
    };
    boolean allowed = "pending".equals(status) && target != null
      || "succeeded".equals(status) && "failed".equals(target);
    if (!allowed) {
      return bad(SandboxErrors.invalid("refund_unexpected_state", null, "The refund is " + status + "."));
    }
    refund.put("status", target);
    if (!"succeeded".equals(target)) {
      refund.put("failure_reason", "canceled".equals(target) ? "merchant_request" : "declined")
        .put("failure_balance_transaction", SandboxBook.id("txn"));
    }
    webhooks.emit("refund.updated", refund);
    webhooks.emit("charge.refund.updated", refund);
    if ("succeeded".equals(target)) {
      webhooks.emit("charge.refunded", book.charge(book.intents.get(refund.getString("payment_intent"))));
    }
    return ok(refund);
  }

  /** What the customer did (or their bank): the event tells Surge. */
  JsonObject outcome(JsonObject intent, String outcome) {
    String status = intent.getString("status");
    boolean done = "succeeded".equals(status) || "canceled".equals(status);
    boolean fromProcessing = "processing".equals(status) || "requires_capture".equals(status);
    if (done || fromProcessing && !List.of("succeed", "fail").contains(outcome)) {
      return SandboxErrors.invalid("payment_intent_unexpected_state", null, "The intent is " + status + ".");
    }
    switch (outcome) {
      case "succeed" -> {
        intent.put("status", "succeeded").put("amount_received", intent.getLong("amount")).put("amount_capturable", 0L)
          .put("latest_charge", SandboxBook.id("ch")).putNull("last_payment_error").putNull("next_action")
          .putNull("processing");
        webhooks.emit("payment_intent.succeeded", intent);
      }
      case "fail" -> {
        intent.put("status", "requires_payment_method").putNull("next_action").putNull("processing")
          .put("amount_capturable", 0L)
          .put("last_payment_error", new JsonObject().put("type", "card_error").put("code", "card_declined")
            .put("message", "Your card was declined."));
        webhooks.emit("payment_intent.payment_failed", intent);
      }
      case "process" -> {
        intent.put("status", "processing").putNull("next_action").putNull("last_payment_error")
          .put("processing", new JsonObject().put("type", "card"));
        webhooks.emit("payment_intent.processing", intent);
      }
      case "authorize" -> {
        intent.put("status", "requires_capture").put("amount_capturable", intent.getLong("amount"))
          .putNull("next_action");
        webhooks.emit("payment_intent.amount_capturable_updated", intent);
      }
      default -> {
        intent.put("status", "requires_action").put("next_action", new JsonObject().put("type", "redirect_to_url")
          .put("redirect_to_url", new JsonObject().put("url", baseUrl + "/sandbox/pay/" + intent.getString("id"))
            .put("return_url", baseUrl + "/sandbox/pay/" + intent.getString("id"))));
        webhooks.emit("payment_intent.requires_action", intent);
      }
    }
    return intent;
  }

  static String form(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? fallback : value;
  }
}
