package io.surge.predictions.customers;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How well scores rank the customers who did buy: ROC AUC (the chance that a random buyer scores above a random
 * non-buyer, ties counting half) and precision among the top-scored share of customers.
 */
final class Ranking {

  private Ranking() {
  }

  /** ROC AUC by the rank-sum (Mann-Whitney) formula with average ranks for ties; NaN when one class is absent. */
  static double auc(double[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRanks = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]]) {
          positiveRanks += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * The share of buyers among the top {@code fraction} of customers by score (at least one); ties at the boundary
   * are broken by the customers' order in the arrays, which callers keep independent of the label.
   */
  static double precisionAtTop(double[] scores, boolean[] labels, double fraction) {
    int n = scores.length;
    if (n == 0) {
      return Double.NaN;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    int top = Math.max(1, (int) Math.round(n * fraction));
    int hits = 0;
    for (int k = 0; k < top; k++) {
      if (labels[order[k]]) {
        hits++;
      }
    }
    return (double) hits / top;
  }
}
