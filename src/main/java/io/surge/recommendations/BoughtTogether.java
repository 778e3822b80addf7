package io.surge.recommendations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static final int INSERT_BATCH = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final int neighboursKept;
  private final double shrink;

  BoughtTogether(Vertx vertx, Pool pool, RecommendationSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.neighboursKept = settings.neighboursKept();
    this.shrink = settings.boughtTogetherShrink();
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
   * repair): orders and buyers in SQL, the pairs in memory on a worker, keeping each product's strongest
   * {@code neighboursKept} ({@link Neighbours}). Readers keep seeing the old figures until it commits. Between
   * recounts, an order event adds to the kept pairs and starts a pair that was not kept from its own count: such a
   * pair is understated (never overstated) until the next recount, which every training runs.
   */
  Future<Void> recompute() {
    return pool.withTransaction(tx -> tx.query(RecommendationSql.HOLD_RECOMPUTE_LOCK).execute()
      .compose(v -> tx.query(RecommendationSql.CLEAR_PAIRS).execute())
      .compose(v -> tx.query(RecommendationSql.CLEAR_BUYERS).execute())
      .compose(v -> tx.query(RecommendationSql.CLEAR_COUNTED).execute())
      .compose(v -> tx.query(RecommendationSql.COUNT_ALL_ORDERS).execute())
      .compose(v -> tx.query(RecommendationSql.COUNT_ALL_BUYERS).execute())
      .compose(v -> tx.query(RecommendationSql.COUNTED_PURCHASES).execute())
      .compose(rows -> vertx.executeBlocking(() -> strongestPairs(rows), false))
      .compose(pairs -> insert(tx, pairs)));
  }

  /** Worker thread: customers and products to indexes, then each product's strongest neighbours. */
  private List<Tuple> strongestPairs(RowSet<Row> rows) {
    Map<UUID, Integer> productIndex = new HashMap<>();
    List<UUID> products = new ArrayList<>();
    Map<UUID, List<Integer>> byCustomer = new HashMap<>();
    for (Row row : rows) {
      int p = productIndex.computeIfAbsent(row.getUUID("product_id"), id -> {
        products.add(id);
        return products.size() - 1;
      });
      byCustomer.computeIfAbsent(row.getUUID("user_id"), k -> new ArrayList<>()).add(p);
    }
    int[][] bought = byCustomer.values().stream().map(items -> items.stream().mapToInt(Integer::intValue).toArray())
      .toArray(int[][]::new);
    List<Neighbours.Pair> pairs = Neighbours.strongest(bought, products.size(), neighboursKept, shrink);
    List<Tuple> batches = new ArrayList<>();
    for (int from = 0; from < pairs.size(); from += INSERT_BATCH) {
      List<Neighbours.Pair> batch = pairs.subList(from, Math.min(pairs.size(), from + INSERT_BATCH));
      batches.add(Tuple.of(batch.stream().map(pair -> products.get(pair.product())).toArray(UUID[]::new),
        batch.stream().map(pair -> products.get(pair.other())).toArray(UUID[]::new),
        batch.stream().map(Neighbours.Pair::customers).toArray(Integer[]::new)));
    }
    return batches;
  }

  private static Future<Void> insert(SqlConnection tx, List<Tuple> batches) {
    Future<?> chain = Future.succeededFuture();
    for (Tuple batch : batches) {
      chain = chain.compose(v -> tx.preparedQuery(RecommendationSql.INSERT_PAIRS).execute(batch));
    }
    return chain.mapEmpty();
  }
}
