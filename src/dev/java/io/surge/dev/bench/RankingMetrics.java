package io.surge.dev.bench;

import java.util.List;
import java.util.Set;

/**
 * Top-N ranking metrics over the whole catalogue (no sampled negatives): a list is judged against the products
 * the customer really bought next. HR@K: 1 when any of the first K is one of them. NDCG@K: discounted gain of the
 * hits (1 / log2(rank + 1)) over the best possible for this customer. Recall@K: hits in the first K over
 * min(K, |bought|), the normalisation of Steck's EASE paper, so a customer who bought 50 products can still reach 1.
 */
public final class RankingMetrics {

  private double hits;
  private double ndcg;
  private double recall;
  private int lists;

  /** Adds one customer's ranked list (best first, no duplicates) and what they bought next (not empty). */
  public void add(List<String> ranked, Set<String> relevant, int hitAt, int recallAt) {
    lists++;
    hits += hitRate(ranked, relevant, hitAt);
    ndcg += ndcg(ranked, relevant, hitAt);
    recall += recall(ranked, relevant, recallAt);
  }

  public int lists() {
    return lists;
  }

  public double hitRate() {
    return lists == 0 ? 0 : hits / lists;
  }

  public double ndcg() {
    return lists == 0 ? 0 : ndcg / lists;
  }

  public double recall() {
    return lists == 0 ? 0 : recall / lists;
  }

  public static double hitRate(List<String> ranked, Set<String> relevant, int k) {
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        return 1;
      }
    }
    return 0;
  }

  public static double ndcg(List<String> ranked, Set<String> relevant, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      ideal += 1 / log2(i + 2);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  static double recall(List<String> ranked, Set<String> relevant, int k) {
    int found = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        found++;
      }
    }
    return relevant.isEmpty() ? 0 : (double) found / Math.min(k, relevant.size());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
