package io.surge.recommendations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One training: claim it (one at a time across instances), count bought-together again from all bought orders
 * (imported history publishes no events), read each customer's bought products, train EASE^R on a worker
 * thread, and replace the stored lists in one transaction, so readers see the old lists or the new, never half.
 */
final class ModelTraining {

  private static final Logger LOG = LoggerFactory.getLogger(ModelTraining.class);
  private static final int INSERT_BATCH = 500;
  private static final double DAY = 86_400.0;

  private final Vertx vertx;
  private final Pool pool;
  private final BoughtTogether boughtTogether;
  private final RecommendationSettings settings;

  ModelTraining(Vertx vertx, Pool pool, BoughtTogether boughtTogether, RecommendationSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.boughtTogether = boughtTogether;
    this.settings = settings;
  }

  /** Claims a training: true when this call may train, false when one is running already. */
  Future<Boolean> claim() {
    return pool.query(RecommendationSql.CLAIM_TRAINING).execute().map(rows -> rows.size() == 1);
  }

  /** Trains (the claim held); the model row says idle again afterwards, with the figures or the error. */
  Future<Void> train() {
    long start = System.nanoTime();
    long[] done = new long[3]; // when the recount, the reading and the fit ended: where a training's time goes
    return boughtTogether.recompute()
      .compose(v -> {
        done[0] = System.nanoTime();
        return pool.query(RecommendationSql.PURCHASES).execute();
      })
      .compose(purchases -> pool.preparedQuery(RecommendationSql.PRODUCT_SIGNALS)
        .execute(Tuple.of(settings.trendingHalfLifeDays(), settings.popularHalfLifeDays()))
        .compose(signals -> {
          done[1] = System.nanoTime();
          return vertx.executeBlocking(() -> fit(purchases, signals), false);
        }))
      .compose(fitted -> {
        done[2] = System.nanoTime();
        return store(fitted, (System.nanoTime() - start) / 1_000_000);
      })
      .onSuccess(v -> LOG.info("recommendations trained in {} ms ({}, {}, {}, {})",
        kv("ms", millis(start, System.nanoTime())), kv("recount_ms", millis(start, done[0])),
        kv("read_ms", millis(done[0], done[1])), kv("fit_ms", millis(done[1], done[2])),
        kv("store_ms", millis(done[2], System.nanoTime()))))
      .recover(e -> {
        LOG.error("recommendation training failed", e);
        return pool.preparedQuery(RecommendationSql.TRAINING_FAILED)
          .execute(Tuple.of(e.getClass().getSimpleName())).mapEmpty();
      });
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** The model's input and output in the database's ids. */
  private record Fitted(UUID[] users, UUID[] products, EaseModel.Result result) {
  }

  /** One customer's purchase of one product (distinct), and when they last bought it. */
  private record Purchase(UUID product, long lastAt) {
  }

  /**
   * Worker thread: ids to indexes (the most-bought {@code maxProducts} products with {@code minBuyers} buyers or
   * more only), each purchase weighed by its
   * age in the shop's history ({@code historyHalfLifeDays}, what the model learns from) and by how recently the
   * customer last bought it ({@code recencyHalfLifeDays}, how their list is scored), then EASE^R.
   */
  private Fitted fit(RowSet<Row> rows, RowSet<Row> signals) {
    Map<UUID, List<Purchase>> byUser = new HashMap<>();
    Map<UUID, Integer> buyers = new HashMap<>();
    for (Row row : rows) {
      UUID product = row.getUUID("product_id");
      byUser.computeIfAbsent(row.getUUID("user_id"), k -> new ArrayList<>())
        .add(new Purchase(product, row.getOffsetDateTime("last_at").toEpochSecond()));
      buyers.merge(product, 1, Integer::sum);
    }
    UUID[] products = buyers.entrySet().stream()
      .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
        : Integer.compare(b.getValue(), a.getValue()))
      .filter(bought -> bought.getValue() >= settings.minBuyers())
      .limit(settings.maxProducts()).map(Map.Entry::getKey).toArray(UUID[]::new);
    Map<UUID, Integer> index = new HashMap<>();
    for (int i = 0; i < products.length; i++) {
      index.put(products[i], i);
    }
    UUID[] users = byUser.keySet().toArray(UUID[]::new);
    int[][] bought = new int[users.length][];
    float[][] history = new float[users.length][];
    float[][] recency = new float[users.length][];
    long shopNewest = byUser.values().stream().flatMap(List::stream).mapToLong(Purchase::lastAt).max().orElse(0);
    for (int u = 0; u < users.length; u++) {
      List<Purchase> mine = byUser.get(users[u]).stream().filter(p -> index.containsKey(p.product())).toList();
      long newest = mine.stream().mapToLong(Purchase::lastAt).max().orElse(0);
      bought[u] = mine.stream().mapToInt(p -> index.get(p.product())).toArray();
      history[u] = new float[mine.size()];
      recency[u] = new float[mine.size()];
      for (int k = 0; k < mine.size(); k++) {
        long at = mine.get(k).lastAt();
        history[u][k] = EaseModel.decay((shopNewest - at) / DAY, settings.historyHalfLifeDays());
        recency[u][k] = EaseModel.decay((newest - at) / DAY, settings.recencyHalfLifeDays());
      }
    }
    return new Fitted(users, products, EaseModel.train(bought, history, recency, products.length,
      settings.lambda(), settings.keepPerCustomer(), blend(signals, index)));
  }

  /**
   * New arrivals (first sold within {@code newArrivalDays} of the shop's newest order, by trending score), what
   * sells these weeks (order lines decayed by {@code popularHalfLifeDays}) and title likeness, for the modelled
   * products; a weight of 0 leaves its part out (and the n x n titles unbuilt).
   */
  private EaseModel.Blend blend(RowSet<Row> signals, Map<UUID, Integer> index) {
    int n = index.size();
    double[] newArrivals = new double[n];
    double[] popular = new double[n];
    String[] titles = new String[n];
    for (Row row : signals) {
      Integer i = index.get(row.getUUID("product_id"));
      if (i == null) {
        continue;
      }
      titles[i] = row.getString("title");
      double age = (row.getOffsetDateTime("newest").toEpochSecond()
        - row.getOffsetDateTime("first_at").toEpochSecond()) / DAY;
      newArrivals[i] = age < settings.newArrivalDays() ? row.getDouble("trending") : 0;
      popular[i] = row.getDouble("popular");
    }
    return new EaseModel.Blend(newArrivals, settings.newArrivalWeight(), popular, settings.popularWeight(),
      settings.titleWeight() == 0 ? null : TitleSimilarity.cosine(titles), settings.titleWeight());
  }

  private Future<Void> store(Fitted fitted, long millis) {
    List<Tuple> lists = new ArrayList<>();
    int[][] top = fitted.result().top();
    for (int u = 0; u < fitted.users().length; u++) {
      if (top[u].length == 0) {
        continue;
      }
      UUID[] ids = Arrays.stream(top[u]).mapToObj(i -> fitted.products()[i]).toArray(UUID[]::new);
      float[] scores = fitted.result().scores()[u];
      Float[] boxed = new Float[scores.length];
      for (int k = 0; k < scores.length; k++) {
        boxed[k] = scores[k];
      }
      lists.add(Tuple.of(fitted.users()[u]).addArrayOfUUID(ids).addArrayOfFloat(boxed));
    }
    return pool.withTransaction(tx -> {
      Future<?> chain = tx.query(RecommendationSql.CLEAR_FOR_YOU).execute();
      for (int from = 0; from < lists.size(); from += INSERT_BATCH) {
        List<Tuple> batch = lists.subList(from, Math.min(lists.size(), from + INSERT_BATCH));
        chain = chain.compose(v -> tx.preparedQuery(RecommendationSql.INSERT_FOR_YOU).executeBatch(batch));
      }
      return chain.compose(v -> tx.preparedQuery(RecommendationSql.TRAINED).execute(Tuple.of(millis,
        fitted.users().length, fitted.products().length, fitted.result().memoryBytes(), settings.lambda())));
    }).mapEmpty();
  }

  /** The status an admin sees. */
  static JsonObject status(Row row) {
    return new JsonObject()
      .put("state", row.getString("state"))
      .put("started_at", io.surge.shared.JsonTime.time(row.getOffsetDateTime("started_at")))
      .put("trained_at", io.surge.shared.JsonTime.time(row.getOffsetDateTime("trained_at")))
      .put("duration_ms", row.getLong("duration_ms"))
      .put("users", row.getInteger("users"))
      .put("products", row.getInteger("products"))
      .put("memory_bytes", row.getLong("memory_bytes"))
      .put("lambda", row.getDouble("lambda"))
      .put("last_error", row.getString("last_error"))
      .put("evaluation", row.getJsonObject("evaluation"));
  }
}
