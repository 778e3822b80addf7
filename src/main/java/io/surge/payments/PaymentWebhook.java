package io.surge.payments;

import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.http.Replies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * {@code POST /api/v1/webhooks/payments}: the provider's signed events. The signature is checked on the exact
 * bytes received (the OpenAPI validator is off for this route: nothing parses the body before the check),
 * within the size limit of {@code payments.webhookMaxBytes}. A forgery gets 400 and changes nothing; a
 * duplicate gets 200 and changes nothing; an event of another API version than {@code payments.apiVersion}
 * gets 400 and changes nothing.
 */
final class PaymentWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentWebhook.class);

  private static final String BAD_SIGNATURE = "surge.webhookBadSignature";

  private final PaymentLedger ledger;
  private final WebhookSignature signature;
  private final long maxBytes;
  private final String apiVersion;

  PaymentWebhook(PaymentLedger ledger, PaymentSettings payments) {
    this.ledger = ledger;
    this.signature = new WebhookSignature(payments.webhookSecret(), payments.webhookToleranceSeconds());
    this.maxBytes = payments.webhookMaxBytes();
    this.apiVersion = payments.apiVersion();
  }

  void mount(RouterBuilder api) {
    api.getRoute("paymentWebhook").setDoValidation(false).addHandler(this::receive);
  }

  private void receive(RoutingContext ctx) {
    ctx.addEndHandler(v -> PaymentMeters.WEBHOOKS.count(outcome(ctx.response().getStatusCode(), ctx)));
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      ctx.fail(ApiException.badRequest(PaymentErrors.WEBHOOK_BODY_MISSING, "The event body is missing."));
      return;
    }
    if (raw.length() > maxBytes) {
      ctx.fail(new ApiException(413, HttpErrors.BODY_TOO_LARGE, "Payload too large",
        "A payment event is at most " + maxBytes + " bytes."));
      return;
    }
    String refused = signature.problem(ctx.request().getHeader(WebhookSignature.HEADER), raw,
      System.currentTimeMillis() / 1000);
    if (refused != null) {
      ctx.put(BAD_SIGNATURE, true);
      LOG.warn("Refused a payment webhook {} {}", kv("reason", refused),
        kv("remote", ctx.request().remoteAddress().hostAddress()));
      ctx.fail(
        ApiException.badRequest(PaymentErrors.WEBHOOK_SIGNATURE_INVALID, "The event's signature does not verify."));
      return;
    }
    JsonObject event;
    try {
      event = raw.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiException.badRequest(HttpErrors.MALFORMED_JSON, "The event is not a JSON object."));
      return;
    }
    if (!(event.getValue("id") instanceof String) || !(event.getValue("type") instanceof String)
      || !(event.getValue("data") instanceof JsonObject)) {
      ctx.fail(ApiException.badRequest(PaymentErrors.WEBHOOK_EVENT_INVALID, "An event needs id, type and data."));
      return;
    }
    Object version = event.getValue("api_version");
    if (version != null && !apiVersion.equals(version)) {
      // shaped for another API version (the endpoint's version at Stripe differs from payments.apiVersion): its
      // fields cannot be trusted to mean what Surge reads. Refused, so Stripe keeps it for redelivery once fixed.
      LOG.error("Refused a payment webhook of another API version {} {} {}", kv("event", event.getString("id")),
        kv("api_version", version), kv("expected", apiVersion));
      ctx.fail(ApiException.badRequest(PaymentErrors.WEBHOOK_API_VERSION_MISMATCH,
        "The event is of API version " + version + "; this endpoint expects " + apiVersion + "."));
      return;
    }
    ledger.handle(event)
      .onSuccess(outcome -> Replies.ok(ctx, new JsonObject().put("received", true).put("outcome", outcome)))
      .onFailure(ctx::fail);
  }

  private static String outcome(int status, RoutingContext ctx) {
    if (status < 300) {
      return "accepted";
    }
    if (ctx.get(BAD_SIGNATURE) != null) {
      return "bad_signature";
    }
    return status < 500 ? "invalid" : "error";
  }
}
