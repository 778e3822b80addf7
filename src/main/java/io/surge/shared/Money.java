package io.surge.shared;

import io.vertx.core.json.JsonObject;

/** An amount of money as the API and the events carry it: integer minor units plus an ISO 4217 currency code. */
public record Money(long amount, String currency) {

  /** {@code {"amount": minor units, "currency": "EUR"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  /** For amounts that may be absent (no price yet, no compare-at price): JSON null then, not an object. */
  public static JsonObject jsonOrNull(Long amount, String currency) {
    return amount == null ? null : new Money(amount, currency).toJson();
  }
}
