package io.surge.predictions.customers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rolling cut-offs: for each cut-off T (the latest one horizon days before the scoring date, then every
 * {@code cutoffStepDays} further back), one row per customer who ordered before T, with their features at T and
 * the label "placed an order in [T, T + horizon)". Every label is known by the scoring date. Fold 0 is the latest
 * cut-off, held out to compare the classifiers.
 */
record TrainingSet(float[][] x, float[] labels, int[] folds, double[] orderCounts) {

  static TrainingSet build(Map<UUID, List<PastOrder>> histories, long asOf, RepurchaseSettings settings) {
    long horizon = settings.horizonDays() * CustomerFeatures.DAY;
    List<float[]> x = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    List<Integer> folds = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    for (int k = 0; k < settings.cutoffs(); k++) {
      long cutoff = asOf - horizon - k * settings.cutoffStepDays() * CustomerFeatures.DAY;
      for (List<PastOrder> orders : histories.values()) {
        double[] features = CustomerFeatures.at(orders, cutoff);
        if (features == null) {
          continue;
        }
        x.add(CustomerFeatures.modelInput(features));
        labels.add(CustomerFeatures.orderedWithin(orders, cutoff, cutoff + horizon));
        folds.add(k);
        counts.add(features[CustomerFeatures.ORDERS]);
      }
    }
    float[] y = new float[labels.size()];
    int[] fold = new int[labels.size()];
    double[] orderCounts = new double[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i) ? 1f : 0f;
      fold[i] = folds.get(i);
      orderCounts[i] = counts.get(i);
    }
    return new TrainingSet(x.toArray(float[][]::new), y, fold, orderCounts);
  }

  int size() {
    return labels.length;
  }

  /** The rows of the folds ({@code held} true: fold 0 only; false: all the others). */
  TrainingSet part(boolean held) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < folds.length; i++) {
      if ((folds[i] == 0) == held) {
        keep.add(i);
      }
    }
    float[][] px = new float[keep.size()][];
    float[] py = new float[keep.size()];
    int[] pf = new int[keep.size()];
    double[] pc = new double[keep.size()];
    for (int j = 0; j < keep.size(); j++) {
      int i = keep.get(j);
      px[j] = x[i];
      py[j] = labels[i];
      pf[j] = folds[i];
      pc[j] = orderCounts[i];
    }
    return new TrainingSet(px, py, pf, pc);
  }

  boolean[] truth() {
    boolean[] truth = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      truth[i] = labels[i] > 0.5f;
    }
    return truth;
  }

  /** Both classes present: a classifier can be trained and measured on these rows. */
  boolean bothClasses() {
    boolean yes = false;
    boolean no = false;
    for (float label : labels) {
      yes |= label > 0.5f;
      no |= label < 0.5f;
    }
    return yes && no;
  }
}
