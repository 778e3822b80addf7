package io.surge.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A payment service provider as Surge uses it: payment intents, refunds and a listing for reconciliation.
 * Every call that creates or changes something carries an idempotency key, so a retry after a timeout never
 * charges or refunds twice. Failures are {@link ProviderException}s.
 */
public interface PaymentProvider {

  /** Stored with each payment, e.g. {@code stripe}. */
  String name();

  Future<ProviderIntent> createIntent(long amount, String currency, JsonObject metadata, String idempotencyKey);

  Future<ProviderIntent> retrieveIntent(String intentId);

  Future<ProviderIntent> cancelIntent(String intentId, String idempotencyKey);

  Future<ProviderRefund> refund(String intentId, long amount, JsonObject metadata, String idempotencyKey);

  /** Every refund of the intent, whoever made it (the dashboard too), all pages. */
  Future<List<ProviderRefund>> listRefunds(String intentId);

  /** Every intent created in {@code [from, to)}, all pages. */
  Future<List<ProviderIntent>> listIntents(Instant from, Instant to);
}
