package io.surge.recommendations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The bought-together figures: per product how many customers bought it, per pair how many bought both.
 * Served as cosine similarity with shrinkage, {@code both / (sqrt(buyersA * buyersB) + shrink)}: dividing by
 * both products' buyers keeps a bestseller from topping every list (plain co-counts, or "bought B given A",
 * would rank it first everywhere), and the small shrink term keeps two products bought once by the same
 * single customer from looking as related as two bought together by hundreds.
 *
 * <p>Customers, not orders, are counted: a customer who buys A in March and B in May bought them together.
 * Each order is counted once: its id goes into {@code recommendation_counted_orders} in the same transaction
 * as its counts, so a redelivered event changes nothing.
 */
final class BoughtTogether {

  /** What counting one order did. */
  enum Counted { COUNTED, ALREADY_COUNTED, NOT_BOUGHT }

  private final Pool pool;

  BoughtTogether(Pool pool) {
    this.pool = pool;
  }

  /** Counts the order if it is bought and was not counted before (idempotent; safe to call for every event). */
  Future<Counted> count(UUID orderId) {
    return pool.withTransaction(tx -> tx.query(RecommendationSql.SHARE_RECOMPUTE_LOCK).execute()
      .compose(v -> tx.preparedQuery(RecommendationSql.ORDER_IF_BOUGHT).execute(Tuple.of(orderId)))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Counted.NOT_BOUGHT)
        : count(tx, orderId, rows.iterator().next().getUUID("user_id"))));
  }

  private static Future<Counted> count(SqlConnection tx, UUID orderId, UUID userId) {
    return tx.preparedQuery(RecommendationSql.LOCK_CUSTOMER).execute(Tuple.of(userId.toString()))
      .compose(v -> tx.preparedQuery(RecommendationSql.MARK_COUNTED).execute(Tuple.of(orderId, userId)))
      .compose(marked -> marked.size() == 0 ? Future.succeededFuture(Counted.ALREADY_COUNTED)
        : tx.preparedQuery(RecommendationSql.COUNT_ORDER).execute(Tuple.of(orderId, userId)).map(Counted.COUNTED));
  }

  /**
   * Counts every bought order again from scratch (after an order import, which publishes no events, or to
   * repair). Readers keep seeing the old figures until it commits.
   */
  Future<Void> recompute() {
    return pool.withTransaction(tx -> tx.query(RecommendationSql.HOLD_RECOMPUTE_LOCK).execute()
      .compose(v -> tx.query(RecommendationSql.CLEAR_PAIRS).execute())
      .compose(v -> tx.query(RecommendationSql.CLEAR_BUYERS).execute())
      .compose(v -> tx.query(RecommendationSql.CLEAR_COUNTED).execute())
      .compose(v -> tx.query(RecommendationSql.COUNT_ALL_ORDERS).execute())
      .compose(v -> tx.query(RecommendationSql.COUNT_ALL_BUYERS).execute())
      .compose(v -> tx.query(RecommendationSql.COUNT_ALL_PAIRS).execute())
      .mapEmpty());
  }
}
