package io.surge.recommendations;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EaseModelTest {

  private static final int OLD = 0;
  private static final int OLD_PARTNER = 1;
  private static final int RECENT = 2;
  private static final int RECENT_PARTNER = 3;

  @Test
  @DisplayName("a purchase halves its weight every half-life, counted back from the customer's newest; 0 = no decay")
  void recencyHalves() {
    assertEquals(1f, EaseModel.decay(0, 120));
    assertEquals(0.5f, EaseModel.decay(120, 120), 1e-6);
    assertEquals(0.25f, EaseModel.decay(240, 120), 1e-6);
    assertEquals(1f, EaseModel.decay(3650, 0), "no half-life: every purchase weighs the same");
  }

  @Test
  @DisplayName("what the customer bought lately leads their list: the recent purchase's partner beats the old one's")
  void recentPurchasesLead() {
    // product 0 is bought with 1 by six customers, product 2 with 3 by three: on equal weights 1 is the stronger
    // suggestion for a customer who bought 0 and 2
    List<int[]> baskets = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      baskets.add(new int[] {OLD, OLD_PARTNER});
    }
    for (int c = 0; c < 3; c++) {
      baskets.add(new int[] {RECENT, RECENT_PARTNER});
    }
    baskets.add(new int[] {4});
    baskets.add(new int[] {OLD, RECENT});
    int[][] bought = baskets.toArray(int[][]::new);
    int customer = bought.length - 1;
    float[][] equal = new float[bought.length][];
    float[][] byRecency = new float[bought.length][];
    for (int u = 0; u < bought.length; u++) {
      equal[u] = new float[bought[u].length];
      byRecency[u] = new float[bought[u].length];
      java.util.Arrays.fill(equal[u], 1);
      java.util.Arrays.fill(byRecency[u], 1);
    }
    byRecency[customer][0] = EaseModel.decay(365, 120); // product 0: a year before their newest purchase

    assertArrayEquals(new int[] {OLD_PARTNER}, EaseModel.train(bought, null, equal, 5, 1, 1).top()[customer]);
    assertArrayEquals(new int[] {RECENT_PARTNER}, EaseModel.train(bought, null, byRecency, 5, 1, 1).top()[customer]);
    assertArrayEquals(EaseModel.train(bought, 5, 1, 2).top()[customer],
      EaseModel.train(bought, null, equal, 5, 1, 2).top()[customer], "no weights means every weight 1");
  }

  @Test
  @DisplayName("old baskets teach less: with history decay this season's pairing beats a stronger one of last year")
  void historyDecays() {
    // last year six customers bought 0 with 1; this season three bought 0 with 3
    List<int[]> baskets = new ArrayList<>();
    List<Float> ages = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      baskets.add(new int[] {OLD, OLD_PARTNER});
      ages.add(365f);
    }
    for (int c = 0; c < 3; c++) {
      baskets.add(new int[] {OLD, RECENT_PARTNER});
      ages.add(0f);
    }
    baskets.add(new int[] {OLD});
    ages.add(0f);
    int[][] bought = baskets.toArray(int[][]::new);
    int customer = bought.length - 1;
    float[][] history = new float[bought.length][];
    for (int u = 0; u < bought.length; u++) {
      history[u] = new float[bought[u].length];
      java.util.Arrays.fill(history[u], EaseModel.decay(ages.get(u), 90));
    }

    assertArrayEquals(new int[] {OLD_PARTNER}, EaseModel.train(bought, null, null, 4, 1, 1).top()[customer]);
    assertArrayEquals(new int[] {RECENT_PARTNER}, EaseModel.train(bought, history, null, 4, 1, 1).top()[customer]);
  }

  @Test
  @DisplayName("a new arrival, a product popular now or one titled like the customer's can beat a weak old pairing")
  void blendsNewArrivalsAndTitles() {
    // 0 was bought with 1 by two customers; 2 is new (nobody bought it with 0), 3 is titled like 0
    int[][] bought = {{0, 1}, {0, 1}, {2}, {3}, {0}};
    int customer = 4;
    double[] newArrivals = {0, 0, 5, 0};
    String[] titles = {"REGENCY CAKESTAND 3 TIER", "JUMBO BAG RED", "PAPER CHAIN KIT", "REGENCY CAKESTAND 2 TIER"};
    float[] alike = TitleSimilarity.cosine(titles);
    assertTrue(alike[3] > 0.5 && alike[0 * 4 + 1] == 0 && alike[0] == 0, "the cakestands are alike, bags are not");

    assertArrayEquals(new int[] {1}, EaseModel.train(bought, null, null, 4, 1, 1, EaseModel.Blend.NONE)
      .top()[customer], "EASE^R alone: the old pairing");
    assertArrayEquals(new int[] {2}, EaseModel.train(bought, null, null, 4, 1, 1,
      new EaseModel.Blend(newArrivals, 2, null, 0)).top()[customer], "a heavy new-arrival weight");
    assertArrayEquals(new int[] {3}, EaseModel.train(bought, null, null, 4, 1, 1,
      new EaseModel.Blend(null, 0, alike, 2)).top()[customer], "a heavy title weight");
    double[] popular = {0, 0, 0, 7};
    assertArrayEquals(new int[] {3}, EaseModel.train(bought, null, null, 4, 1, 1,
      new EaseModel.Blend(null, 0, popular, 2, null, 0)).top()[customer], "a heavy popular-now weight");
    assertArrayEquals(new int[] {2}, EaseModel.train(bought, null, null, 4, 1, 1,
      new EaseModel.Blend(newArrivals, 2, popular, 1, null, 0)).top()[customer],
      "each part scaled to one before its weight: the new arrival's 2 beats the popular product's 1");
    assertArrayEquals(EaseModel.train(bought, 4, 1, 3).top()[customer],
      EaseModel.train(bought, null, null, 4, 1, 3, new EaseModel.Blend(newArrivals, 0, alike, 0)).top()[customer],
      "weights 0: EASE^R's list");
  }

  @Test
  @DisplayName("the inverse on every core gives the weights the single-threaded one does (a model past the threshold)")
  void concurrentInverseMatchesSingleThreaded() {
    int n = EaseModel.CONCURRENT_FROM + 20;
    java.util.Random random = new java.util.Random(13);
    int[][] bought = new int[3 * n][];
    for (int u = 0; u < bought.length; u++) {
      bought[u] = random.ints(0, n).distinct().limit(1 + random.nextInt(12)).toArray();
    }
    double[] alone = EaseModel.weights(bought, null, n, 5, false);
    double[] together = EaseModel.weights(bought, null, n, 5, true);
    double largest = 0;
    for (int i = 0; i < alone.length; i++) {
      largest = Math.max(largest, Math.abs(alone[i] - together[i]));
    }
    assertTrue(largest < 1e-9, "largest difference " + largest);
    assertTrue(java.util.Arrays.stream(alone).anyMatch(w -> w != 0), "the weights are not all zero");
  }
}
