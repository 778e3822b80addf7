package io.surge.payments;

import io.surge.orders.OrdersBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * What a succeeded payment does to its order, through the orders domain ({@link OrdersBus#PAY}): the
 * order becomes paid. If the order can no longer be paid (cancelled by its deadline, or already paid by
 * another payment) the money goes back automatically and that is recorded on the payment. Until the orders
 * domain has answered, {@code order_outcome} stays null and the payments verticle tries again.
 */
final class OrderSettlement {

  static final String NOT_PAYABLE_REASON = "the order could no longer be paid when the payment succeeded";

  private final Vertx vertx;
  private final Pool pool;
  private final Refunds refunds;

  OrderSettlement(Vertx vertx, Pool pool, Refunds refunds) {
    this.vertx = vertx;
    this.pool = pool;
    this.refunds = refunds;
  }

  Future<Void> settle(Row payment) {
    UUID paymentId = payment.getUUID("id");
    OrdersBus.Pay pay = new OrdersBus.Pay(payment.getUUID("order_id"), paymentId,
      payment.getString("provider_payment_id"));
    return vertx.eventBus().<JsonObject>request(OrdersBus.PAY, pay.toJson())
      .compose(paid -> outcome(paymentId, "paid"))
      .recover(e -> e instanceof ReplyException reply && reply.failureCode() == OrdersBus.ILLEGAL_TRANSITION
        ? notPayable(payment)
        : Future.failedFuture(e));
  }

  /**
   * The order refused payment: cancelled, or paid already. Paid by this very payment (its first answer was
   * lost) is settled; anything else is refunded in full, without touching the order or its stock.
   */
  private Future<Void> notPayable(Row payment) {
    UUID paymentId = payment.getUUID("id");
    UUID orderId = payment.getUUID("order_id");
    Future<String> status = pool.preparedQuery(PaymentSql.ORDER_STATUS).execute(Tuple.of(orderId))
      .map(rows -> rows.iterator().next().getString("status"));
    Future<Boolean> otherPaid = pool.preparedQuery(PaymentSql.OTHER_PAID).execute(Tuple.of(orderId, paymentId))
      .map(rows -> rows.size() > 0);
    return Future.all(status, otherPaid).compose(done -> {
      if ("pending_payment".equals(status.result())) {
        return Future.failedFuture(new IllegalStateException("order " + orderId + " refused payment while payable"));
      }
      if (!"cancelled".equals(status.result()) && !otherPaid.result()) {
        return outcome(paymentId, "paid");
      }
      return refunds.refund(paymentId, Refunds.EVERYTHING_LEFT, NOT_PAYABLE_REASON + " (order " + status.result() + ")",
        Refunds.Goods.KEPT, "auto:not-payable", "system", Refunds.OrderUpdate.LEAVE_ORDER)
        .compose(refund -> outcome(paymentId, "refunded"));
    });
  }

  private Future<Void> outcome(UUID paymentId, String outcome) {
    return pool.preparedQuery(PaymentSql.SET_OUTCOME).execute(Tuple.of(paymentId, outcome)).mapEmpty();
  }
}
