package io.surge.payments;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** A payment intent as the provider reports it (Stripe's wire shape), reduced to what Surge keeps. */
public record ProviderIntent(String id, String providerStatus, long amount, long amountReceived, String currency,
  String clientSecret, String checkoutUrl, JsonObject metadata, String failureCode,
  String failureMessage, long created) {

  public static ProviderIntent from(JsonObject json) {
    JsonObject error = json.getJsonObject("last_payment_error");
    return new ProviderIntent(json.getString("id"), json.getString("status"), json.getLong("amount", 0L),
      json.getLong("amount_received", 0L), json.getString("currency", "").toUpperCase(Locale.ROOT),
      json.getString("client_secret"), json.getString("checkout_url"),
      json.getJsonObject("metadata", new JsonObject()),
      error == null ? null : error.getString("code"), error == null ? null : error.getString("message"),
      json.getLong("created", 0L));
  }

  /**
   * Surge's word for the provider's state. A Stripe intent whose attempt was declined goes back to
   * {@code requires_payment_method} with a {@code last_payment_error}: for Surge that payment failed.
   */
  public PaymentStatus status() {
    return switch (providerStatus == null ? "" : providerStatus) {
      case "succeeded" -> PaymentStatus.SUCCEEDED;
      case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
      case "canceled" -> PaymentStatus.CANCELLED;
      case "requires_payment_method" ->
        failureCode != null || failureMessage != null ? PaymentStatus.FAILED : PaymentStatus.PENDING;
      default -> PaymentStatus.PENDING;
    };
  }

  /** The Surge payment this intent was created for (set in the intent's metadata at creation). */
  public String paymentId() {
    return metadata.getString("payment_id");
  }
}
