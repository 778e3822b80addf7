package io.surge.payments;

import io.vertx.core.json.JsonObject;

/** A refund as the provider reports it. */
public record ProviderRefund(String id, String intentId, long amount, String status, JsonObject metadata) {

  public static ProviderRefund from(JsonObject json) {
    return new ProviderRefund(json.getString("id"), json.getString("payment_intent"), json.getLong("amount", 0L),
      json.getString("status"), json.getJsonObject("metadata", new JsonObject()));
  }

  public boolean failed() {
    return "failed".equals(status) || "canceled".equals(status);
  }
}
