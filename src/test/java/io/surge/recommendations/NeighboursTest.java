package io.surge.recommendations;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NeighboursTest {

  @Test
  @DisplayName("counts customers per pair and keeps each product's best by cosine with shrinkage (ties: lower index)")
  void handWorked() {
    int[][] bought = {{0, 1}, {0, 1, 2}, {2, 3}, {0, 1}};
    // buyers: 0 -> 3, 1 -> 3, 2 -> 2, 3 -> 1; with no shrinkage 0~1 = 3/3, 0~2 = 1/sqrt(6), 2~3 = 1/sqrt(2)
    assertEquals(List.of(new Neighbours.Pair(0, 1, 3), new Neighbours.Pair(1, 0, 3), new Neighbours.Pair(2, 3, 1),
      new Neighbours.Pair(3, 2, 1)), Neighbours.strongest(bought, 4, 1, 0));
    List<Neighbours.Pair> two = Neighbours.strongest(bought, 4, 2, 0);
    assertEquals(List.of(new Neighbours.Pair(2, 3, 1), new Neighbours.Pair(2, 0, 1)),
      two.stream().filter(p -> p.product() == 2).toList(), "1/sqrt(6) twice: product 0 before product 1");
    // shrinkage: product 0's one-off partner 1 (1 / (sqrt(4 * 1) + s)) beats product 2, bought with it by three
    // customers but by ten in all (3 / (sqrt(4 * 10) + s)), only while s is small
    int[][] few = {{0, 1}, {0, 2}, {0, 2}, {0, 2}, {2}, {2}, {2}, {2}, {2}, {2}, {2}};
    assertEquals(new Neighbours.Pair(0, 1, 1), Neighbours.strongest(few, 3, 1, 0).get(0));
    assertEquals(new Neighbours.Pair(0, 2, 3), Neighbours.strongest(few, 3, 1, 10).get(0));
  }

  @Test
  @DisplayName("on random baskets the kept pairs are exactly the brute-force top pairs with their counts")
  void matchesBruteForce() {
    Random random = new Random(7);
    int products = 40;
    int[][] bought = new int[300][];
    for (int c = 0; c < bought.length; c++) {
      bought[c] = IntStream.range(0, products).filter(p -> random.nextInt(products) < 3 + p % 5).toArray();
    }
    int keep = 5;
    double shrink = 2;
    int[] buyers = new int[products];
    int[][] both = new int[products][products];
    for (int[] items : bought) {
      for (int p : items) {
        buyers[p]++;
        for (int q : items) {
          if (p != q) {
            both[p][q]++;
          }
        }
      }
    }
    List<Neighbours.Pair> expected = new ArrayList<>();
    for (int p = 0; p < products; p++) {
      int from = p;
      Comparator<Integer> best = Comparator.<Integer>comparingDouble(
        q -> -both[from][q] / (Math.sqrt((double) buyers[from] * buyers[q]) + shrink)).thenComparing(q -> q);
      IntStream.range(0, products).filter(q -> q != from && both[from][q] > 0).boxed().sorted(best).limit(keep)
        .forEach(q -> expected.add(new Neighbours.Pair(from, q, both[from][q])));
    }
    assertEquals(expected, Neighbours.strongest(bought, products, keep, shrink));
  }
}
