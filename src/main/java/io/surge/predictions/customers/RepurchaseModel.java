package io.surge.predictions.customers;

import io.surge.predictions.PredictionModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Who is likely to buy again: reads every order placed before the scoring date, fits and chooses the classifier on
 * a worker thread ({@link RepurchaseFit}), and replaces all stored scores in one transaction, so readers see the
 * old scores or the new, never half. The model row then names the version, the classifier and its measurements.
 */
public final class RepurchaseModel implements PredictionModel {

  private static final Logger LOG = LoggerFactory.getLogger(RepurchaseModel.class);
  private static final int INSERT_BATCH = 500;
  private static final Set<String> TROUBLED = Set.of("cancelled", "refund_requested", "refunded",
    "partially_refunded");

  private final Vertx vertx;
  private final Pool pool;
  private final RepurchaseSettings settings;

  public RepurchaseModel(Vertx vertx, Pool pool, RepurchaseSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "repurchase";
  }

  /** Learns from the orders placed before the start of {@code cutoff} (UTC) and scores as of that instant. */
  @Override
  public Future<Trained> train(LocalDate cutoff) {
    return train(cutoff.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Learns from the orders placed before {@code asOf} and scores every customer as of then. */
  public Future<Trained> train(Instant asOf) {
    return train(asOf, null);
  }

  /** As {@link #train(Instant)}, with {@code forced} the classifier to use (null: the better one measured). */
  Future<Trained> train(Instant asOf, Classifier.Algorithm forced) {
    long start = System.nanoTime();
    OffsetDateTime at = asOf.atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(RepurchaseSql.HISTORY).execute(Tuple.of(at))
      .compose(rows -> vertx.executeBlocking(() -> RepurchaseFit.fit(histories(rows), asOf.getEpochSecond(),
        settings, forced), false))
      .compose(result -> store(result, at, (System.nanoTime() - start) / 1_000_000))
      .onSuccess(trained -> LOG.info("repurchase model trained in {} ms",
        kv("ms", (System.nanoTime() - start) / 1_000_000)))
      .recover(e -> {
        LOG.error("repurchase training failed", e);
        String error = e instanceof RepurchaseFit.NotEnoughHistory ? e.getMessage() : e.getClass().getSimpleName();
        return pool.preparedQuery(RepurchaseSql.FAILED).execute(Tuple.of(error))
          .compose(v -> Future.failedFuture(e));
      });
  }

  /** Worker thread: rows (oldest first per customer) to each customer's orders; categories interned. */
  private static Map<UUID, List<PastOrder>> histories(RowSet<Row> rows) {
    Map<UUID, List<PastOrder>> byUser = new LinkedHashMap<>();
    Map<UUID, Integer> categories = new HashMap<>();
    for (Row row : rows) {
      String status = row.getString("status");
      UUID[] ids = row.getArrayOfUUIDs("categories");
      Long[] amounts = row.getArrayOfLongs("amounts");
      int[] interned = new int[ids.length];
      long[] lineAmounts = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        interned[i] = categories.computeIfAbsent(ids[i], k -> categories.size());
        lineAmounts[i] = amounts[i];
      }
      byUser.computeIfAbsent(row.getUUID("user_id"), k -> new ArrayList<>()).add(new PastOrder(row.getLong("at"),
        !"cancelled".equals(status), TROUBLED.contains(status), row.getLong("total_amount"),
        row.getInteger("item_count"), interned, lineAmounts));
    }
    return byUser;
  }

  private Future<Trained> store(RepurchaseFit.Result result, OffsetDateTime asOf, long millis) {
    List<Tuple> rows = new ArrayList<>();
    for (RepurchaseFit.Scored scored : result.scores()) {
      rows.add(Tuple.of(scored.user(), (float) scored.probability(), scored.segment().wire(),
        (int) scored.features()[CustomerFeatures.ORDERS], features(scored.features()), drivers(scored)));
    }
    JsonObject measurements = result.measurements();
    return pool.withTransaction(tx -> {
      Future<?> chain = tx.query(RepurchaseSql.CLEAR_SCORES).execute();
      for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
        List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH));
        chain = chain.compose(v -> tx.preparedQuery(RepurchaseSql.INSERT_SCORE).executeBatch(batch));
      }
      return chain.compose(v -> tx.preparedQuery(RepurchaseSql.TRAINED).execute(Tuple.from(List.of(asOf,
        result.algorithm().wire, millis, result.peakHeapBytes(), result.rows(), rows.size(), measurements))));
    }).map(v -> new Trained(result.rows(), new JsonObject().put("algorithm", result.algorithm().wire)
      .put("customers", rows.size()).put("measurements", measurements)));
  }

  /** The features by name; a missing one (days between orders of a one-time buyer) is null. */
  static JsonObject features(double[] values) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < values.length; i++) {
      json.put(CustomerFeatures.NAMES.get(i), Double.isNaN(values[i]) ? null
        : Math.round(values[i] * 1000) / 1000.0);
    }
    return json;
  }

  /** Each feature's contribution to the log-odds, largest effect first, then the baseline (the bias). */
  private static JsonObject drivers(RepurchaseFit.Scored scored) {
    float[] c = scored.contributions();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < CustomerFeatures.NAMES.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> -Math.abs(c[i])));
    JsonArray items = new JsonArray();
    for (int i : order) {
      double value = scored.features()[i];
      items.add(new JsonObject().put("feature", CustomerFeatures.NAMES.get(i))
        .put("value", Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0)
        .put("contribution", Math.round(c[i] * 10_000) / 10_000.0));
    }
    return new JsonObject().put("baseline", Math.round(c[c.length - 1] * 10_000) / 10_000.0).put("items", items);
  }
}
