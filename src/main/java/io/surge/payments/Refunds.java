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
 * Once the provider confirms, the refund is booked, {@code payment.refunded} goes to the outbox and the order
 * moves to partially_refunded or refunded (its goods go back on the shelf only if they were returned).
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
  private final String topic;

  Refunds(Vertx vertx, Pool pool, PaymentProvider provider, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.provider = provider;
    this.topic = topic;
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

  /** Asks the provider; books on success, releases the reservation on a refusal, keeps it pending when unsure. */
  private Future<Row> ask(Row payment, Row refund, OrderUpdate orderUpdate) {
    UUID refundId = refund.getUUID("id");
    long amount = refund.getLong("amount");
    JsonObject metadata = new JsonObject().put("refund_id", refundId.toString())
      .put("payment_id", payment.getUUID("id").toString()).put("order_id", payment.getUUID("order_id").toString());
    return provider.refund(payment.getString("provider_payment_id"), amount, metadata, "surge-refund-" + refundId)
      .transform(ar -> {
        if (ar.succeeded() && !ar.result().failed()) {
          return pool
            .withTransaction(
              tx -> lockPayment(tx, payment).compose(v -> complete(tx, refundId, ar.result().id(), orderUpdate)))
            .compose(booked -> afterBooking(booked == null ? List.of() : List.of(booked))
              .compose(v -> booked == null ? reread(payment.getUUID("id"), refundId)
                : Future.succeededFuture(booked.refund())));
        }
        if (ar.succeeded()
          || (ar.cause() instanceof ProviderException p && p.kind() == ProviderException.Kind.REJECTED)) {
          return pool
            .withTransaction(tx -> lockPayment(tx, payment)
              .compose(v -> tx.preparedQuery(PaymentSql.FAIL_REFUND).execute(Tuple.of(refundId)))
              .compose(failed -> failed.size() == 0 ? Future.succeededFuture()
                : tx.preparedQuery(PaymentSql.RELEASE_REFUND).execute(Tuple.of(payment.getUUID("id"), amount))
                  .mapEmpty()))
            .compose(v -> Future.failedFuture(ar.succeeded()
              ? new ProviderException(ProviderException.Kind.REJECTED, "refund_failed", "refund failed")
                .toProblem("refunding")
              : ProviderException.asProblem(ar.cause(), "refunding")));
        }
        return Future.failedFuture(ProviderException.asProblem(ar.cause(), "refunding"));
      });
  }

  /** Payment row first, then refund rows: the order every transaction here takes its locks in (no deadlocks). */
  private static Future<Void> lockPayment(SqlConnection tx, Row payment) {
    return tx.preparedQuery(PaymentSql.LOCK).execute(Tuple.of(payment.getUUID("id"))).mapEmpty();
  }

  /** Marks a pending refund done and books it; null when something else (a webhook) already did. */
  private Future<Booked> complete(SqlConnection tx, UUID refundId, String providerRefundId, OrderUpdate orderUpdate) {
    return tx.preparedQuery(PaymentSql.COMPLETE_REFUND).execute(Tuple.of(refundId, providerRefundId)).compose(done -> {
      if (done.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row refund = done.iterator().next();
      return book(tx, refund, refund.getLong("amount"), orderUpdate);
    });
  }

  private Future<Booked> book(SqlConnection tx, Row refund, long reserved, OrderUpdate orderUpdate) {
    long amount = refund.getLong("amount");
    return tx.preparedQuery(PaymentSql.BOOK_REFUND).execute(Tuple.of(refund.getUUID("payment_id"), amount, reserved))
      .compose(rows -> {
        Row payment = rows.iterator().next();
        JsonObject data = PaymentJson.event(payment)
          .put("refund", PaymentJson.refund(refund, payment.getString("currency")))
          .put("full", payment.getLong("refunded_amount").equals(payment.getLong("captured_amount")));
        return Outbox
          .append(tx, topic, "payment", payment.getUUID("id"), "payment.refunded", payment.getInteger("version"), data)
          .map(new Booked(payment, refund, orderUpdate));
      });
  }

  /**
   * A refund the provider reports (charge.refunded): one Surge asked for completes here if its own answer
   * was lost; one made at the provider directly is recorded as the provider's. Null when already known.
   */
  Future<Booked> recordFromProvider(SqlConnection tx, UUID paymentId, ProviderRefund refund) {
    if (refund.failed()) {
      return Future.succeededFuture(null);
    }
    UUID ours = PaymentLedger.uuidOrNull(refund.metadata().getString("refund_id"));
    return tx.preparedQuery(PaymentSql.REFUND_BY_PROVIDER_ID).execute(Tuple.of(refund.id(), ours)).compose(rows -> {
      if (rows.size() > 0) {
        Row known = rows.iterator().next();
        return "pending".equals(known.getString("status"))
          ? complete(tx, known.getUUID("id"), refund.id(), OrderUpdate.MOVE_ORDER)
          : Future.succeededFuture(null);
      }
      return tx.preparedQuery(PaymentSql.INSERT_REFUND)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), paymentId, refund.amount(),
          "succeeded", "refunded at the provider", false, "provider:" + refund.id(), "provider", refund.id()}))
        .compose(inserted -> book(tx, inserted.iterator().next(), 0, OrderUpdate.MOVE_ORDER));
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
