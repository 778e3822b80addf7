package io.surge.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Times every call to the provider ({@code surge_payment_provider_seconds}), whichever provider it is. */
final class MeteredProvider implements PaymentProvider {

  private final PaymentProvider provider;

  MeteredProvider(PaymentProvider provider) {
    this.provider = provider;
  }

  @Override
  public String name() {
    return provider.name();
  }

  @Override
  public Future<ProviderIntent> createIntent(long amount, String currency, JsonObject metadata, String idempotencyKey) {
    return timed("create_intent", () -> provider.createIntent(amount, currency, metadata, idempotencyKey));
  }

  @Override
  public Future<ProviderIntent> retrieveIntent(String intentId) {
    return timed("retrieve_intent", () -> provider.retrieveIntent(intentId));
  }

  @Override
  public Future<ProviderIntent> cancelIntent(String intentId, String idempotencyKey) {
    return timed("cancel_intent", () -> provider.cancelIntent(intentId, idempotencyKey));
  }

  @Override
  public Future<ProviderRefund> refund(String intentId, long amount, JsonObject metadata, String idempotencyKey) {
    return timed("refund", () -> provider.refund(intentId, amount, metadata, idempotencyKey));
  }

  @Override
  public Future<List<ProviderRefund>> listRefunds(String intentId) {
    return timed("list_refunds", () -> provider.listRefunds(intentId));
  }

  @Override
  public Future<List<ProviderIntent>> listIntents(Instant from, Instant to) {
    return timed("list_intents", () -> provider.listIntents(from, to));
  }

  private static <T> Future<T> timed(String operation, Supplier<Future<T>> call) {
    long started = System.nanoTime();
    return call.get().onComplete(ar -> PaymentMeters.provider(operation, ar.succeeded())
      .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
  }
}
