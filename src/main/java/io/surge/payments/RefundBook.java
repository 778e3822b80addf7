package io.surge.payments;

import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * A refund's life as the provider reports it, written in the caller's transaction under the payment's row lock:
 * {@code pending} keeps the amount reserved (nothing is refunded yet, the order does not move), {@code succeeded}
 * books it, {@code failed}/{@code canceled} releases the reservation so the amount is refundable again. A refund
 * that had succeeded and then fails is taken off the books and listed for the merchant: its order already moved.
 * Each end goes to the outbox ({@code payment.refunded}, {@code payment.refund_failed}).
 */
final class RefundBook {

  static final String FAILED_AFTER_SUCCESS = "refund_failed_after_success";

  private final String topic;

  RefundBook(String topic) {
    this.topic = topic;
  }

  /** What the provider says of a refund Surge knows ({@code refund} locked); null when nothing changed. */
  Future<Refunds.Booked> apply(SqlConnection tx, Row refund, ProviderRefund word, Refunds.OrderUpdate orderUpdate) {
    UUID refundId = refund.getUUID("id");
    String status = refund.getString("status");
    if ("pending".equals(status)) {
      if (word.succeeded()) {
        return complete(tx, refundId, word.id(), orderUpdate);
      }
      if (word.failed()) {
        return fail(tx, refund, word);
      }
      return tx.preparedQuery(PaymentSql.REFUND_ACCEPTED).execute(Tuple.of(refundId, word.id())).map(v -> null);
    }
    if ("succeeded".equals(status) && word.failed()) {
      return reverse(tx, refund, word);
    }
    return Future.succeededFuture(null);
  }

  /** Marks a pending refund done and books it; null when something else (a webhook) already did. */
  Future<Refunds.Booked> complete(SqlConnection tx, UUID refundId, String providerRefundId,
    Refunds.OrderUpdate orderUpdate) {
    return tx.preparedQuery(PaymentSql.COMPLETE_REFUND).execute(Tuple.of(refundId, providerRefundId)).compose(done -> {
      if (done.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row refund = done.iterator().next();
      return book(tx, refund, refund.getLong("amount"), orderUpdate);
    });
  }

  /** $reserved: what was reserved for it (0 for a refund made at the provider, unknown to Surge until now). */
  Future<Refunds.Booked> book(SqlConnection tx, Row refund, long reserved, Refunds.OrderUpdate orderUpdate) {
    long amount = refund.getLong("amount");
    return tx.preparedQuery(PaymentSql.BOOK_REFUND).execute(Tuple.of(refund.getUUID("payment_id"), amount, reserved))
      .compose(rows -> {
        Row payment = rows.iterator().next();
        JsonObject data = PaymentJson.event(payment)
          .put("refund", PaymentJson.refund(refund, payment.getString("currency")))
          .put("full", payment.getLong("refunded_amount").equals(payment.getLong("captured_amount")));
        return Outbox
          .append(tx, topic, "payment", payment.getUUID("id"), "payment.refunded", payment.getInteger("version"), data)
          .map(new Refunds.Booked(payment, refund, orderUpdate));
      });
  }

  /** A pending refund that will never pay out: its reservation goes, the amount is refundable again. */
  Future<Refunds.Booked> fail(SqlConnection tx, Row refund, ProviderRefund word) {
    return tx.preparedQuery(PaymentSql.FAIL_REFUND)
      .execute(Tuple.of(refund.getUUID("id"), word == null ? "failed" : word.failedStatus(),
        word == null ? null : word.failureReason()))
      .compose(failed -> failed.size() == 0 ? Future.succeededFuture(null)
        : tx.preparedQuery(PaymentSql.RELEASE_REFUND)
          .execute(Tuple.of(refund.getUUID("payment_id"), refund.getLong("amount")))
          .compose(rows -> failedEvent(tx, rows.iterator().next(), failed.iterator().next(), false)));
  }

  /** Paid out and then sent back by the customer's bank: off the books, and the merchant must look at the order. */
  private Future<Refunds.Booked> reverse(SqlConnection tx, Row refund, ProviderRefund word) {
    return tx.preparedQuery(PaymentSql.REVERSE_REFUND)
      .execute(Tuple.of(refund.getUUID("id"), word.failedStatus(), word.failureReason()))
      .compose(reversed -> reversed.size() == 0 ? Future.succeededFuture(null)
        : tx.preparedQuery(PaymentSql.UNBOOK_REFUND)
          .execute(Tuple.of(refund.getUUID("payment_id"), refund.getLong("amount")))
          .compose(rows -> {
            Row payment = rows.iterator().next();
            return tx.preparedQuery(PaymentSql.DISCREPANCY).execute(Tuple.of(FAILED_AFTER_SUCCESS, word.id(),
              refund.getLong("amount"), payment.getString("currency"), word.status(),
              new JsonObject().put("payment_id", payment.getUUID("id").toString())
                .put("order_id", payment.getUUID("order_id").toString())
                .put("provider_payment_id", payment.getString("provider_payment_id"))
                .put("failure_reason", word.failureReason())))
              .compose(v -> failedEvent(tx, payment, reversed.iterator().next(), true));
          }));
  }

  private Future<Refunds.Booked> failedEvent(SqlConnection tx, Row payment, Row refund, boolean afterSuccess) {
    JsonObject data = PaymentJson.event(payment)
      .put("refund", PaymentJson.refund(refund, payment.getString("currency")))
      .put("after_success", afterSuccess);
    return Outbox.append(tx, topic, "payment", payment.getUUID("id"), "payment.refund_failed",
      payment.getInteger("version"), data)
      .map(new Refunds.Booked(payment, refund, Refunds.OrderUpdate.LEAVE_ORDER));
  }
}
