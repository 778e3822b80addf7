package io.surge.payments;

import io.surge.orders.DueOrders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The order a payment is for, as payments reads it ({@link PaymentSql#ORDER}). */
final class PaymentOrders {

  private PaymentOrders() {
  }

  /**
   * The order (no row when it is not there, or not {@code owner}'s); a flash-sale order still due (a buyer paying
   * right after the 202) is written out first by the orders domain.
   */
  static Future<RowSet<Row>> find(Vertx vertx, Pool pool, UUID orderId, UUID owner) {
    return DueOrders.readWrittenOut(vertx, pool, orderId,
      () -> pool.preparedQuery(PaymentSql.ORDER).execute(Tuple.of(orderId, owner)));
  }
}
