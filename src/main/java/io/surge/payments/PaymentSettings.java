package io.surge.payments;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The provider, its webhooks and the sweeps, from the {@code payments} block. {@code reconcileMillis}
 * 0 means no scheduled reconciliation.
 */
public record PaymentSettings(String baseUrl, String apiKey, String webhookSecret, long webhookToleranceSeconds,
  long webhookMaxBytes, long timeoutMillis, String topic, long sweepMillis,
  long reconcileMillis, int reconcileWindowHours) {

  public static PaymentSettings from(JsonObject config) {
    ConfigBlock payments = ConfigBlock.of(config, "payments");
    return new PaymentSettings(
      payments.string("baseUrl"),
      payments.string("apiKey"),
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
