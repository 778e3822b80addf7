package io.surge.support.chat;

/** A token bucket on one connection's frames: a burst, then a steady rate. One event loop uses it. */
final class FrameBucket {

  private final double ratePerSecond;
  private final int burst;
  private double tokens;
  private long refilledAt = System.nanoTime();
  private int droppedInARow;

  FrameBucket(double ratePerSecond, int burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  boolean take() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      droppedInARow = 0;
      return true;
    }
    droppedInARow++;
    return false;
  }

  int droppedInARow() {
    return droppedInARow;
  }
}
