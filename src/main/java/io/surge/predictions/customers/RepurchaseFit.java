package io.surge.predictions.customers;

import io.surge.predictions.customers.Classifier.Algorithm;
import io.vertx.core.json.JsonObject;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One fit, on a worker thread: both classifiers learn from all cut-offs but the latest and are measured on it
 * (ROC AUC, precision in the top decile, beside the order-count rule); the better AUC wins and is refitted on all
 * cut-offs; then every customer who ordered before the scoring date is scored, with each feature's contribution.
 */
final class RepurchaseFit {

  static final double TOP_DECILE = 0.1;

  /** Too little history to learn from: no cut-off with both buyers and non-buyers. */
  static final class NotEnoughHistory extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotEnoughHistory() {
      super("not_enough_history", null, false, false);
    }
  }

  record Scored(UUID user, double probability, Segment segment, double[] features, float[] contributions) {
  }

  record Result(Algorithm algorithm, JsonObject measurements, int rows, long peakHeapBytes, List<Scored> scores) {
  }

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private long peakHeap;

  private RepurchaseFit() {
  }

  /** {@code forced}: the classifier to use whatever the measurements say (evaluations); null to choose. */
  static Result fit(Map<UUID, List<PastOrder>> histories, long asOf, RepurchaseSettings settings, Algorithm forced)
    throws XGBoostError {
    return new RepurchaseFit().run(histories, asOf, settings, forced);
  }

  private Result run(Map<UUID, List<PastOrder>> histories, long asOf, RepurchaseSettings settings,
    Algorithm forced) throws XGBoostError {
    sample();
    TrainingSet all = TrainingSet.build(histories, asOf, settings);
    if (!all.bothClasses()) {
      throw new NotEnoughHistory();
    }
    TrainingSet held = all.part(true);
    TrainingSet rest = all.part(false);
    JsonObject measurements = new JsonObject().put("held_out_rows", held.size()).put("training_rows", rest.size());
    Algorithm chosen = Algorithm.GRADIENT_BOOSTED_TREES;
    if (held.bothClasses() && rest.bothClasses()) {
      boolean[] truth = held.truth();
      double best = -1;
      for (Algorithm algorithm : Algorithm.values()) {
        long start = System.nanoTime();
        double[] p;
        try (Classifier classifier = Classifier.fit(algorithm, rest.x(), rest.labels(), settings)) {
          p = classifier.predict(held.x());
        }
        sample();
        double auc = Ranking.auc(p, truth);
        measurements.put(algorithm.wire, figures(auc, Ranking.precisionAtTop(p, truth, TOP_DECILE))
          .put("fit_ms", (System.nanoTime() - start) / 1_000_000));
        if (auc > best) {
          best = auc;
          chosen = algorithm;
        }
      }
      measurements.put("order_count_rule", figures(Ranking.auc(held.orderCounts(), truth),
        Ranking.precisionAtTop(held.orderCounts(), truth, TOP_DECILE)));
    }
    if (forced != null) {
      chosen = forced;
      measurements.put("forced", true);
    }
    measurements.put("chosen", chosen.wire);
    List<Scored> scores = new ArrayList<>();
    try (Classifier classifier = Classifier.fit(chosen, all.x(), all.labels(), settings)) {
      sample();
      List<UUID> users = new ArrayList<>();
      List<double[]> features = new ArrayList<>();
      for (Map.Entry<UUID, List<PastOrder>> customer : histories.entrySet()) {
        double[] f = CustomerFeatures.at(customer.getValue(), asOf);
        if (f != null) {
          users.add(customer.getKey());
          features.add(f);
        }
      }
      float[][] x = features.stream().map(CustomerFeatures::modelInput).toArray(float[][]::new);
      if (x.length > 0) {
        double[] p = classifier.predict(x);
        float[][] contributions = classifier.contributions(x);
        for (int i = 0; i < x.length; i++) {
          scores.add(new Scored(users.get(i), p[i], Segment.of(features.get(i)), features.get(i), contributions[i]));
        }
      }
      sample();
    }
    return new Result(chosen, measurements, all.size(), peakHeap, scores);
  }

  private static JsonObject figures(double auc, double precision) {
    return new JsonObject().put("auc", finite(auc)).put("precision_top_decile", finite(precision));
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
  }

  private void sample() {
    peakHeap = Math.max(peakHeap, MEMORY.getHeapMemoryUsage().getUsed());
  }
}
