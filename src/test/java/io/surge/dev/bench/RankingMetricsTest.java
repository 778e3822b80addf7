package io.surge.dev.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RankingMetricsTest {

  @Test
  @DisplayName("HR, NDCG and Recall on a hand-computed example")
  void handComputed() {
    // bought next: b and e; ranked: a b c d e
    List<String> ranked = List.of("a", "b", "c", "d", "e");
    Set<String> bought = Set.of("b", "e");
    assertEquals(1, RankingMetrics.hitRate(ranked, bought, 2));
    assertEquals(0, RankingMetrics.hitRate(ranked, bought, 1));
    double dcg = 1 / log2(3) + 1 / log2(6);
    double ideal = 1 + 1 / log2(3);
    assertEquals(dcg / ideal, RankingMetrics.ndcg(ranked, bought, 10), 1e-12);
    assertEquals(0.5, RankingMetrics.recall(ranked, bought, 3), 1e-12);
    assertEquals(1.0, RankingMetrics.recall(ranked, bought, 20), 1e-12);
    assertEquals(1.0, RankingMetrics.recall(ranked, Set.of("a", "b", "c", "d", "e", "f"), 5), 1e-12,
      "normalised by min(K, |bought|)");
  }

  @Test
  @DisplayName("averages over customers; a perfect list scores 1 and an empty one 0")
  void averages() {
    RankingMetrics metrics = new RankingMetrics();
    metrics.add(List.of("x", "y"), Set.of("x", "y"), 10, 20);
    metrics.add(List.of(), Set.of("z"), 10, 20);
    assertEquals(2, metrics.lists());
    assertEquals(0.5, metrics.hitRate(), 1e-12);
    assertEquals(0.5, metrics.ndcg(), 1e-12);
    assertEquals(0.5, metrics.recall(), 1e-12);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
