package io.surge.payments;

import io.vertx.core.json.JsonObject;

/**
 * A refund as the provider reports it. Its life at Stripe: {@code pending} (or {@code requires_action}, e.g. a
 * bank refund awaiting the customer's details) until it becomes {@code succeeded}, {@code failed} or
 * {@code canceled}; a succeeded refund can still fail later (the customer's bank returns it).
 */
public record ProviderRefund(String id, String intentId, long amount, String status, String failureReason,
  JsonObject metadata) {

  public static ProviderRefund from(JsonObject json) {
    return new ProviderRefund(json.getString("id"), json.getString("payment_intent"), json.getLong("amount", 0L),
      json.getString("status"), json.getString("failure_reason"), json.getJsonObject("metadata", new JsonObject()));
  }

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  /** Will never pay the customer: the amount is refundable again. */
  public boolean failed() {
    return "failed".equals(status) || "canceled".equals(status);
  }

  /** Neither done nor failed yet: the amount stays reserved until the provider tells. */
  public boolean pending() {
    return !succeeded() && !failed();
  }

  /** Surge's word for a failed refund's end: {@code failed} or {@code cancelled}. */
  public String failedStatus() {
    return "canceled".equals(status) ? "cancelled" : "failed";
  }
}
