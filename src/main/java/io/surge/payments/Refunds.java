package io.surge.payments;

import io.surge.http.ApiException;
import io.surge.orders.OrdersBus;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Refunds, partial and repeated. The amount is first reserved on the payment under its row lock (and the
 * table's CHECK keeps captured >= refunded + reserved whatever happens), then asked of the provider with a
 * key derived from the refund, so a retry after a timeout asks for the same refund and never a second one.
 * Only once the provider says the refund succeeded is it booked ({@link RefundBook}): {@code payment.refunded}
 * goes to the outbox and the order moves to partially_refunded or refunded (its goods go back on the shelf only
 * if they were returned). A refund that fails releases its amount; the order stays as it was.
 */
final class Refunds {

  private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

  /** A committed refund and the payment after it: what the order must hear about. */
  record Booked(Row payment, Row refund, OrderUpdate orderUpdate) {
  }

  /** Whether the refunded goods come back to stock (the order restocks them). */
  enum Goods {
    RETURNED, KEPT;

    static Goods returned(boolean returned) {
      return returned ? RETURNED : KEPT;
    }
  }

  /**
   * Whether the order moves (to refunded or partly refunded) once the refund is booked. An order
   * that never took the payment (cancelled meanwhile, or paid twice) is left as it is.
   */
  enum OrderUpdate {
    MOVE_ORDER, LEAVE_ORDER
  }

  /** Asks for the rest of what was captured. */
  static final long EVERYTHING_LEFT = -1;

  private final Vertx vertx;
  private final Pool pool;
  private final PaymentProvider provider;
  private final RefundBook book;

  Refunds(Vertx vertx, Pool pool, PaymentProvider provider, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.provider = provider;
    this.book = new RefundBook(topic);
  }

  /**
   * Refunds {@code amount} of a payment; {@code requestKey} names the refund (an admin's Idempotency-Key, or
   * Surge's own key for automatic ones): the same key again resumes or returns that refund.
   */
  Future<Row> refund(UUID paymentId, long amount, String reason, Goods goods, String requestKey,
    String initiatedBy, OrderUpdate orderUpdate) {
    return pool
      .withTransaction(tx -> reserve(tx, paymentId, amount, reason, goods == Goods.RETURNED, requestKey, initiatedBy))
      .compose(reserved -> "pending".equals(reserved.refund().getString("status"))
        ? ask(reserved.payment(), reserved.refund(), orderUpdate)
        : Future.succeededFuture(reserved.refund()));
  }

  private record Reserved(Row payment, Row refund) {
  }

  /**
   * What a refund of {@code asked} minor units takes when {@code left} (captured, less refunded and being refunded)
   * can still be refunded: {@code asked}, or all that is left for {@link #EVERYTHING_LEFT}; 0 when it does not fit.
   */
  static long toRefund(long asked, long left) {
    long wanted = asked == EVERYTHING_LEFT ? left : asked;
    return wanted <= 0 || wanted > left ? 0 : wanted;
  }

  private Future<Reserved> reserve(SqlConnection tx, UUID paymentId, long amount, String reason, boolean goodsReturned,
    String requestKey, String initiatedBy) {
    return tx.preparedQuery(PaymentSql.LOCK).execute(Tuple.of(paymentId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The payment"));
      }
      Row payment = rows.iterator().next();
      return tx.preparedQuery(PaymentSql.FIND_REFUND).execute(Tuple.of(paymentId, requestKey)).compose(existing -> {
        if (existing.size() > 0) {
          return Future.succeededFuture(new Reserved(payment, existing.iterator().next()));
        }
        if (!PaymentStatus.SUCCEEDED.db().equals(payment.getString("status"))) {
          return Future.failedFuture(ApiException.conflict(PaymentErrors.PAYMENT_NOT_REFUNDABLE,
            "The payment is " + payment.getString("status") + "; only a succeeded payment can be refunded."));
        }
        long left = payment.getLong("captured_amount") - payment.getLong("refunded_amount")
          - payment.getLong("refunding_amount");
        long wanted = toRefund(amount, left);
        if (wanted == 0) {
          return Future
            .failedFuture(ApiException.conflict(PaymentErrors.REFUND_EXCEEDS_CAPTURED, "At most " + Math.max(0, left)
              + " " + payment.getString("currency") + " minor units of this payment can still be refunded."));
        }
        return tx.preparedQuery(PaymentSql.RESERVE_REFUND).execute(Tuple.of(paymentId, wanted)).compose(reserved -> {
          if (reserved.size() == 0) {
            return Future.failedFuture(ApiException.conflict(PaymentErrors.REFUND_EXCEEDS_CAPTURED,
              "The refund exceeds what is left to refund."));
          }
          return tx.preparedQuery(PaymentSql.INSERT_REFUND)
            .execute(Tuple.from(new Object[] {UUID.randomUUID(), paymentId, wanted,
              "pending", reason, goodsReturned, requestKey, initiatedBy, null}))
            .map(inserted -> new Reserved(reserved.iterator().next(), inserted.iterator().next()));
        });
      });
    });
  }

  /**
   * Asks the provider and records its answer: succeeded is booked; pending (or requires_action: bank refunds) keeps
   * the amount reserved until a {@code refund.*} event or a sweep says how it ended; failed, canceled or a definite
   * refusal releases it. Without an answer (timeout, provider down, or 409: the same key in flight elsewhere) the
   * refund stays pending and is asked again later with the same key, never booked or failed on a guess.
   */
  private Future<Row> ask(Row payment, Row refund, OrderUpdate orderUpdate) {
    UUID refundId = refund.getUUID("id");
    long amount = refund.getLong("amount");
    JsonObject metadata = new JsonObject().put("refund_id", refundId.toString())
      .put("payment_id", payment.getUUID("id").toString()).put("order_id", payment.getUUID("order_id").toString());
    return provider.refund(payment.getString("provider_payment_id"), amount, metadata, "surge-refund-" + refundId)
      .onComplete(ar -> PaymentMeters.REFUNDS.count(ar.succeeded() ? ar.result().status() : "error"))
      .transform(ar -> {
        if (ar.succeeded()) {
          ProviderRefund word = ar.result();
          return settle(payment.getUUID("id"), refundId, word, orderUpdate)
            .compose(row -> word.failed()
              ? Future.failedFuture(new ProviderException(ProviderException.Kind.REJECTED, "refund_" + word.status(),
                "refund " + word.status()).toProblem("refunding"))
              : Future.succeededFuture(row));
        }
        if (ProviderException.refused(ar.cause())) {
          return pool.withTransaction(tx -> lockPayment(tx, payment.getUUID("id"))
            .compose(v -> lockRefund(tx, refundId))
            .compose(row -> book.fail(tx, row, null)))
            .compose(failed -> afterBooking(failed == null ? List.of() : List.of(failed)))
            .compose(v -> Future.failedFuture(ProviderException.asProblem(ar.cause(), "refunding")));
        }
        return Future.failedFuture(ProviderException.asProblem(ar.cause(), "refunding"));
      });
  }

  /** Records the provider's word on one of Surge's refunds in its own transaction; the refund as it is now. */
  private Future<Row> settle(UUID paymentId, UUID refundId, ProviderRefund word, OrderUpdate orderUpdate) {
    return pool.withTransaction(tx -> lockPayment(tx, paymentId)
      .compose(v -> lockRefund(tx, refundId))
      .compose(row -> book.apply(tx, row, word, orderUpdate)))
      .compose(booked -> afterBooking(booked == null ? List.of() : List.of(booked)))
      .compose(v -> reread(paymentId, refundId));
  }

  /**
   * A refund still pending after its call (the answer was lost, or the provider has not finished): first the
   * provider's own list of the payment's refunds (one made under this refund's key shows its {@code refund_id}
   * there, whatever became of the key since), then, if it is not there, the same request again with the same key.
   */
  Future<Row> recheck(Row refund) {
    UUID paymentId = refund.getUUID("payment_id");
    UUID refundId = refund.getUUID("id");
    return pool.preparedQuery(PaymentSql.FIND).execute(Tuple.of(paymentId, (UUID) null))
      .compose(rows -> {
        Row payment = rows.iterator().next();
        return provider.listRefunds(payment.getString("provider_payment_id"))
          .recover(e -> Future.failedFuture(ProviderException.asProblem(e, "listing refunds")))
          .compose(listed -> {
            for (ProviderRefund word : listed) {
              if (word.id().equals(refund.getString("provider_refund_id"))
                || refundId.toString().equals(word.metadata().getString("refund_id"))) {
                return pool.preparedQuery(PaymentSql.REFUND_CHECKED).execute(Tuple.of(refundId))
                  .compose(v -> settle(paymentId, refundId, word, OrderUpdate.MOVE_ORDER));
              }
            }
            return refund.getString("provider_refund_id") == null ? ask(payment, refund, OrderUpdate.MOVE_ORDER)
              : pool.preparedQuery(PaymentSql.REFUND_CHECKED).execute(Tuple.of(refundId)).map(refund);
          });
      });
  }

  /** Every refund of an intent at the provider (the dashboard's too): what a bare {@code charge.refunded} means. */
  Future<List<ProviderRefund>> atProvider(String intentId) {
    return provider.listRefunds(intentId);
  }

  /** Payment row first, then refund rows: the order every transaction here takes its locks in (no deadlocks). */
  private static Future<Void> lockPayment(SqlConnection tx, UUID paymentId) {
    return tx.preparedQuery(PaymentSql.LOCK).execute(Tuple.of(paymentId)).mapEmpty();
  }

  private static Future<Row> lockRefund(SqlConnection tx, UUID refundId) {
    return tx.preparedQuery(PaymentSql.REFUND_BY_PROVIDER_ID).execute(Tuple.of((String) null, refundId))
      .map(rows -> rows.iterator().next());
  }

  /**
   * A refund the provider reports ({@code refund.*} events, or the list behind {@code charge.refunded}): one Surge
   * asked for follows the provider's word; one made at the provider directly (the dashboard) is recorded as the
   * provider's: reserved while pending, booked once succeeded, nothing if it failed. Null when nothing changed.
   */
  Future<Booked> recordFromProvider(SqlConnection tx, UUID paymentId, ProviderRefund refund) {
    UUID ours = PaymentLedger.uuidOrNull(refund.metadata().getString("refund_id"));
    return tx.preparedQuery(PaymentSql.REFUND_BY_PROVIDER_ID).execute(Tuple.of(refund.id(), ours)).compose(rows -> {
      if (rows.size() > 0) {
        return book.apply(tx, rows.iterator().next(), refund, OrderUpdate.MOVE_ORDER);
      }
      if (refund.failed()) {
        return Future.succeededFuture(null);
      }
      Future<Boolean> reserved = refund.succeeded() ? Future.succeededFuture(true)
        : tx.preparedQuery(PaymentSql.RESERVE_REFUND).execute(Tuple.of(paymentId, refund.amount()))
          .map(done -> done.size() > 0);
      return reserved.compose(ok -> !ok ? Future.<Booked>succeededFuture(null)
        : tx.preparedQuery(PaymentSql.INSERT_REFUND)
          .execute(Tuple.from(new Object[] {UUID.randomUUID(), paymentId, refund.amount(),
            refund.succeeded() ? "succeeded" : "pending", "refunded at the provider", false, "provider:" + refund.id(),
            "provider", refund.id()}))
          .compose(inserted -> inserted.size() == 0 || !refund.succeeded() ? Future.<Booked>succeededFuture(null)
            : book.book(tx, inserted.iterator().next(), 0, OrderUpdate.MOVE_ORDER)));
    });
  }

  /** After commit: the outbox relay is nudged and each refunded order hears about it. */
  Future<Void> afterBooking(List<Booked> booked) {
    if (booked.isEmpty()) {
      return Future.succeededFuture();
    }
    Outbox.nudge(vertx);
    Future<Void> chain = Future.succeededFuture();
    for (Booked done : booked) {
      if (done.orderUpdate() == OrderUpdate.MOVE_ORDER) {
        chain = chain.compose(v -> driveOrder(done));
      }
    }
    return chain;
  }

  private Future<Void> driveOrder(Booked booked) {
    Row payment = booked.payment();
    Row refund = booked.refund();
    OrdersBus.Refund message = new OrdersBus.Refund(payment.getUUID("order_id"), payment.getUUID("id"),
      refund.getUUID("id"), refund.getLong("amount"),
      payment.getLong("refunded_amount").equals(payment.getLong("captured_amount")),
      refund.getBoolean("goods_returned"),
      refund.getString("reason"));
    return vertx.eventBus().request(OrdersBus.REFUND, message.toJson())
      .<Void>mapEmpty()
      .recover(e -> {
        // e.g. a partial refund answered after the full one already moved the order: the order is right as it is
        LOG.info("Order {} did not move for refund {}: {}", payment.getUUID("order_id"), refund.getUUID("id"),
          e.getMessage());
        return Future.succeededFuture();
      });
  }

  private Future<Row> reread(UUID paymentId, UUID refundId) {
    return pool.preparedQuery(PaymentSql.REFUNDS_OF).execute(Tuple.of((Object) new UUID[] {paymentId})).map(rows -> {
      for (Row row : rows) {
        if (row.getUUID("id").equals(refundId)) {
          return row;
        }
      }
      throw new IllegalStateException("refund " + refundId + " vanished");
    });
  }
}
