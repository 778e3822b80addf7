package io.surge.payments;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The provider, its webhooks and the sweeps, from the {@code payments} block. {@code reconcileMillis}
 * 0 means no scheduled reconciliation. {@code apiVersion}: the {@code Stripe-Version} sent on every call and
 * expected on every event. {@code publishableKey}: the key the storefront gives Stripe.js with a payment's client
 * secret (never the secret {@code apiKey}); blank: not set (null).
 */
public record PaymentSettings(String baseUrl, String apiKey, String apiVersion, String publishableKey,
  String webhookSecret, long webhookToleranceSeconds,
  long webhookMaxBytes, long timeoutMillis, String topic, long sweepMillis,
  long reconcileMillis, int reconcileWindowHours) {

  public static PaymentSettings from(JsonObject config) {
    ConfigBlock payments = ConfigBlock.of(config, "payments");
    return new PaymentSettings(
      payments.string("baseUrl"),
      payments.string("apiKey"),
      payments.string("apiVersion"),
      payments.text("publishableKey"),
      payments.string("webhookSecret"),
      payments.whole("webhookToleranceSeconds"),
      payments.whole("webhookMaxBytes"),
      payments.whole("timeoutMillis"),
      payments.string("topic"),
      payments.whole("sweepMillis"),
      payments.whole("reconcileMillis"),
      payments.integer("reconcileWindowHours"));
  }
}
