package io.surge.payments;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The provider, its webhooks and the sweeps, from the {@code payments} block. {@code reconcileMillis}
 * 0 means no scheduled reconciliation. {@code apiVersion}: the {@code Stripe-Version} sent on every call and
 * expected on every event. {@code publishableKey}: the key the storefront gives Stripe.js with a payment's client
 * secret (never the secret {@code apiKey}); blank: not set (null). {@code paymentPageUrl}: the provider's hosted
 * payment page with {@code {id}} for the provider's payment id, shown to the payer when set (the dev sandbox has one;
 * Stripe intents have none, blank there).
 */
public record PaymentSettings(String baseUrl, String apiKey, String apiVersion, String publishableKey,
  String paymentPageUrl, String webhookSecret, long webhookToleranceSeconds,
  long webhookMaxBytes, long timeoutMillis, String topic, long sweepMillis,
  long reconcileMillis, int reconcileWindowHours) {

  public static PaymentSettings from(JsonObject config) {
    ConfigBlock payments = ConfigBlock.of(config, "payments");
    return new PaymentSettings(
      payments.string("baseUrl"),
      payments.string("apiKey"),
      payments.string("apiVersion"),
      payments.text("publishableKey"),
      payments.text("paymentPageUrl"),
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
