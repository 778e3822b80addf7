package io.surge.payments;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A payment intent as the provider reports it (Stripe's wire shape, API version pinned in
 * {@code payments.apiVersion}), reduced to what Surge keeps. Stripe intents carry no payment page URL: the
 * storefront pays with the client secret through Stripe.js.
 */
public record ProviderIntent(String id, String providerStatus, long amount, long amountReceived, String currency,
  String clientSecret, JsonObject metadata, String failureCode, String failureMessage, long created) {

  /** The metadata mark Surge puts on every intent it creates; anything else on the account is not Surge's. */
  public static final String CREATED_BY = "created_by";
  public static final String SURGE = "surge";

  public static ProviderIntent from(JsonObject json) {
    JsonObject error = json.getJsonObject("last_payment_error");
    return new ProviderIntent(json.getString("id"), json.getString("status"), json.getLong("amount", 0L),
      json.getLong("amount_received", 0L), json.getString("currency", "").toUpperCase(Locale.ROOT),
      json.getString("client_secret"), json.getJsonObject("metadata", new JsonObject()),
      error == null ? null : error.getString("code"), error == null ? null : error.getString("message"),
      json.getLong("created", 0L));
  }

  /**
   * Surge's word for the provider's state. A Stripe intent whose attempt was declined goes back to
   * {@code requires_payment_method} with a {@code last_payment_error}: for Surge that payment failed.
   * {@code requires_capture} (authorised, not captured) is, like {@code processing}, money not yet taken and
   * no longer the customer's to act on.
   */
  public PaymentStatus status() {
    return switch (providerStatus == null ? "" : providerStatus) {
      case "succeeded" -> PaymentStatus.SUCCEEDED;
      case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
      case "processing", "requires_capture" -> PaymentStatus.PROCESSING;
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

  /**
   * Created by Surge: the Stripe account may hold other systems' intents (a POS, invoices, another shop), which
   * are none of Surge's business and never a discrepancy.
   */
  public boolean surges() {
    return SURGE.equals(metadata.getString(CREATED_BY));
  }
}
