package io.surge.orders;

import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The orders domain's part of a customer's data export and account erasure ({@link PrivacyBus}). */
final class OrderPrivacy {

  private final Vertx vertx;
  private final Pool pool;

  OrderPrivacy(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Flash-sale orders still due are written out first, in both: the export holds them, the erasure covers them. */
  Future<JsonArray> export(UUID userId) {
    return DueOrders.writeNowForBuyer(vertx, pool, userId)
      .compose(v -> pool.preparedQuery(OrderSql.EXPORT).execute(Tuple.of(userId)))
      .map(rows -> (JsonArray) rows.iterator().next().getValue("orders"));
  }

  Future<Void> erase(UUID userId) {
    return DueOrders.writeNowForBuyer(vertx, pool, userId).compose(
      written -> pool.withTransaction(tx -> tx.preparedQuery(OrderSql.ANONYMISE_ADDRESSES).execute(Tuple.of(userId))
        .compose(v -> tx.preparedQuery(OrderSql.ERASE_CUSTOMER_REASONS).execute(Tuple.of(userId)))
        .mapEmpty()));
  }
}
