package io.surge.payments;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Creates or returns an order's one live payment. The payment's id follows from the order and the attempt
 * number, and the provider's idempotency key from the payment's id: if the provider call fails, nothing is
 * kept, and the retry is the same attempt with the same key, so the provider never holds two intents for it.
 * A payment that failed or was cancelled makes room for the next attempt.
 */
final class PaymentCreation {

  /** A payment and whether this request created it (201) or found it (200). */
  record Outcome(Row payment, boolean created) {

    static Outcome created(Row payment) {
      return new Outcome(payment, true);
    }

    static Outcome existing(Row payment) {
      return new Outcome(payment, false);
    }
  }

  /** Whose creating row a provider call finishes: this request's own (forgotten on failure), or a stale one found. */
  private enum Claim {
    OURS, STALE
  }

  private final Pool pool;
  private final PaymentProvider provider;
  private final Vertx vertx;
  private final PaymentLedger ledger;
  private final long staleCreatingMillis;

  PaymentCreation(Vertx vertx, Pool pool, PaymentProvider provider, PaymentLedger ledger, long timeoutMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.provider = provider;
    this.ledger = ledger;
    this.staleCreatingMillis = 2 * timeoutMillis;
  }

  Future<Outcome> create(UUID orderId, UUID userId) {
    return PaymentOrders.find(vertx, pool, orderId, userId).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The order"));
      }
      Row order = rows.iterator().next();
      if (!"pending_payment".equals(order.getString("status"))) {
        return Future.failedFuture(ApiException.conflict(PaymentErrors.ORDER_NOT_PAYABLE,
          "The order is " + order.getString("status") + "; only an order pending payment can be paid."));
      }
      return current(orderId).compose(existing -> existing != null ? Future.succeededFuture(existing) : insert(order));
    });
  }

  /** The live (or already succeeded) payment, or null when a new attempt is needed. */
  private Future<Outcome> current(UUID orderId) {
    return pool.preparedQuery(PaymentSql.CURRENT).execute(Tuple.of(orderId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row payment = rows.iterator().next();
      if (!PaymentStatus.CREATING.db().equals(payment.getString("status"))) {
        return Future.succeededFuture(Outcome.existing(payment));
      }
      long age = System.currentTimeMillis() - payment.getOffsetDateTime("created_at").toInstant().toEpochMilli();
      // a creation left behind by a process that died mid-call: finish it (same key, same intent)
      return age > staleCreatingMillis ? askProvider(payment, Claim.STALE)
        : Future.failedFuture(inProgress());
    });
  }

  private Future<Outcome> insert(Row order) {
    UUID orderId = order.getUUID("id");
    return pool.preparedQuery(PaymentSql.NEXT_ATTEMPT).execute(Tuple.of(orderId)).compose(rows -> {
      int attempt = rows.iterator().next().getInteger(0);
      UUID paymentId = UUID
        .nameUUIDFromBytes(("surge-payment:" + orderId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
      return pool.preparedQuery(PaymentSql.INSERT_CREATING).execute(Tuple.from(new Object[] {paymentId, orderId,
        order.getUUID("user_id"), attempt, provider.name(), order.getLong("total_amount"),
        order.getString("currency")}))
        .compose(inserted -> inserted.size() == 0
          ? current(orderId).compose(other -> other != null ? Future.succeededFuture(other)
            : Future.failedFuture(inProgress()))
          : askProvider(inserted.iterator().next(), Claim.OURS));
    });
  }

  /** Not a 409: a 5xx frees the Idempotency-Key, so the client's retry with the same key is answered afresh. */
  private static ApiException inProgress() {
    return new ApiException(503, PaymentErrors.PAYMENT_IN_PROGRESS, "Service unavailable",
      "A payment for this order is being created right now; retry shortly.", null,
      java.util.Map.of("Retry-After", "1"));
  }

  private Future<Outcome> askProvider(Row payment, Claim claim) {
    UUID paymentId = payment.getUUID("id");
    JsonObject metadata = new JsonObject().put("payment_id", paymentId.toString())
      .put("order_id", payment.getUUID("order_id").toString()).put("attempt", payment.getInteger("attempt"))
      .put(ProviderIntent.CREATED_BY, ProviderIntent.SURGE);
    return provider
      .createIntent(payment.getLong("amount"), payment.getString("currency"), metadata, "surge-payment-" + paymentId)
      .transform(ar -> {
        if (ar.failed()) {
          Future<Void> forgotten = claim == Claim.OURS
            ? pool.preparedQuery(PaymentSql.FORGET_CREATING).execute(Tuple.of(paymentId)).mapEmpty()
            : Future.succeededFuture();
          return forgotten
            .transform(v -> Future.failedFuture(ProviderException.asProblem(ar.cause(), "creating the payment")));
        }
        ProviderIntent intent = ar.result();
        return pool.preparedQuery(PaymentSql.MARK_CREATED)
          .execute(Tuple.of(paymentId, intent.id(), intent.clientSecret()))
          .compose(marked -> intent.status() == PaymentStatus.PENDING ? Future.succeededFuture(marked.iterator().next())
            : ledger.apply(intent).map(change -> change.payment()))
          .map(Outcome::created);
      });
  }
}
