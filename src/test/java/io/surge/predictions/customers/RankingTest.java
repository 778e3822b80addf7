package io.surge.predictions.customers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingTest {

  @Test
  @DisplayName("AUC: 1 when every buyer scores above every non-buyer, 0 when below, 0.5 when all tie")
  void aucExtremes() {
    boolean[] labels = {true, true, false, false};
    assertEquals(1.0, Ranking.auc(new double[] {0.9, 0.8, 0.2, 0.1}, labels), 1e-12);
    assertEquals(0.0, Ranking.auc(new double[] {0.1, 0.2, 0.8, 0.9}, labels), 1e-12);
    assertEquals(0.5, Ranking.auc(new double[] {0.5, 0.5, 0.5, 0.5}, labels), 1e-12);
  }

  @Test
  @DisplayName("AUC counts pairs: one of four buyer/non-buyer pairs out of order gives 0.75, a tie counts half")
  void aucCountsPairs() {
    boolean[] labels = {true, true, false, false};
    assertEquals(0.75, Ranking.auc(new double[] {0.9, 0.3, 0.4, 0.1}, labels), 1e-12);
    assertEquals(0.875, Ranking.auc(new double[] {0.9, 0.4, 0.4, 0.1}, labels), 1e-12);
    assertTrue(Double.isNaN(Ranking.auc(new double[] {0.1, 0.2}, new boolean[] {true, true})), "one class: no AUC");
  }

  @Test
  @DisplayName("precision in the top decile: the share of buyers among the best-scored tenth")
  void precisionAtTop() {
    double[] scores = new double[20];
    boolean[] labels = new boolean[20];
    for (int i = 0; i < 20; i++) {
      scores[i] = i;
      labels[i] = i == 19;
    }
    assertEquals(0.5, Ranking.precisionAtTop(scores, labels, 0.1), 1e-12);
    labels[18] = true;
    assertEquals(1.0, Ranking.precisionAtTop(scores, labels, 0.1), 1e-12);
    assertEquals(1.0, Ranking.precisionAtTop(new double[] {1, 0}, new boolean[] {true, false}, 0.1), 1e-12);
  }
}
