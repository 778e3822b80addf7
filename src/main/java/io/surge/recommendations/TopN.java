package io.surge.recommendations;

import java.util.PriorityQueue;

/** The indexes of the largest finite values of a score array, best first (ties: lower index first). */
final class TopN {

  private TopN() {
  }

  static int[] indexes(double[] score, int n) {
    PriorityQueue<Integer> heap = new PriorityQueue<>(n + 1,
      (a, b) -> score[a] != score[b] ? Double.compare(score[a], score[b]) : Integer.compare(b, a));
    for (int i = 0; i < score.length; i++) {
      if (Double.isInfinite(score[i]) || Double.isNaN(score[i])) {
        continue;
      }
      if (heap.size() < n) {
        heap.add(i);
      } else if (score[i] > score[heap.peek()]) {
        heap.poll();
        heap.add(i);
      }
    }
    int[] top = new int[heap.size()];
    for (int k = top.length - 1; k >= 0; k--) {
      top[k] = heap.poll();
    }
    return top;
  }
}
