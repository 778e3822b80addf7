package io.surge.recommendations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The full recount of bought-together, in memory: for each product, how many customers bought it with each other
 * product, keeping only its {@code keep} strongest neighbours by the score the store serves (cosine with
 * shrinkage, {@link BoughtTogether}).
 *
 * <p>Why in memory and pruned: a full recount over the shop's history touches every pair a customer bought, the
 * square of their basket (24 million pair increments on the 2010-11 online-retail data, a third of them from ten
 * wholesale customers). Inserting every pair as a row made the recount most of a training's time; counting here
 * costs a fraction of a second and the store keeps {@code products x keep} rows. Served lists only ever read a
 * product's best neighbours, so nothing they show changes.
 *
 * <p>Per product p it walks p's buyers and their other products into one reusable count array: time is the
 * number of pair increments, memory one int per product. Pure computation: call it on a worker thread.
 */
final class Neighbours {

  /** Customers who bought both {@code product} and {@code other}. */
  record Pair(int product, int other, int customers) {
  }

  private Neighbours() {
  }

  /**
   * @param bought per customer, the distinct product indexes they bought (each below {@code products})
   * @param keep the neighbours kept per product
   * @param shrink the cosine's shrinkage term
   */
  static List<Pair> strongest(int[][] bought, int products, int keep, double shrink) {
    int[] buyers = new int[products];
    for (int[] items : bought) {
      for (int p : items) {
        buyers[p]++;
      }
    }
    int[][] buyersOf = buyersOf(bought, buyers);
    int[] both = new int[products];
    int[] touched = new int[products];
    double[] score = new double[products];
    List<Pair> kept = new ArrayList<>();
    for (int p = 0; p < products; p++) {
      int seen = 0;
      for (int customer : buyersOf[p]) {
        for (int q : bought[customer]) {
          if (q != p && both[q]++ == 0) {
            touched[seen++] = q;
          }
        }
      }
      for (int t = 0; t < seen; t++) {
        int q = touched[t];
        score[q] = both[q] / (Math.sqrt((double) buyers[p] * buyers[q]) + shrink);
      }
      for (int q : best(touched, seen, score, keep)) {
        kept.add(new Pair(p, q, both[q]));
      }
      for (int t = 0; t < seen; t++) { // reset only what this product touched: O(pairs), not O(products^2)
        both[touched[t]] = 0;
      }
    }
    return kept;
  }

  /** The {@code keep} best of the first {@code seen} indexes in {@code touched}, best first (ties: lower index). */
  private static int[] best(int[] touched, int seen, double[] score, int keep) {
    Comparator<Integer> worstFirst = (a, b) -> score[a] != score[b] ? Double.compare(score[a], score[b])
      : Integer.compare(b, a);
    PriorityQueue<Integer> heap = new PriorityQueue<>(keep + 1, worstFirst);
    for (int t = 0; t < seen; t++) {
      heap.add(touched[t]);
      if (heap.size() > keep) {
        heap.poll();
      }
    }
    int[] top = new int[heap.size()];
    for (int k = top.length - 1; k >= 0; k--) {
      top[k] = heap.poll();
    }
    return top;
  }

  private static int[][] buyersOf(int[][] bought, int[] buyers) {
    int[][] index = new int[buyers.length][];
    int[] filled = new int[buyers.length];
    for (int p = 0; p < buyers.length; p++) {
      index[p] = new int[buyers[p]];
    }
    for (int customer = 0; customer < bought.length; customer++) {
      for (int p : bought[customer]) {
        index[p][filled[p]++] = customer;
      }
    }
    return index;
  }
}
