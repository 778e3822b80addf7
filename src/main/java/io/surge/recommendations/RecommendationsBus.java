package io.surge.recommendations;

/** The recommendations domain's event-bus addresses (local to one process), and its Redis channel. */
final class RecommendationsBus {

  /** Request, no body: start a training. Replies {@code {"started": true|false}} (false: one is running). */
  static final String TRAIN = "surge.recommendations.train";
  /** Published after a training stored new lists: HTTP instances drop their cached lists. */
  static final String TRAINED = "surge.recommendations.trained";
  /**
   * Redis pub/sub channel every process listens on ({@link RecommendationsVerticle}): {@value #TRAINED_MESSAGE} (a
   * training finished on some instance: each publishes {@link #TRAINED} locally) or {@code customer:<id>} (an erased
   * account: its answers go).
   */
  static final String CHANNEL = "surge:recommendations:invalidate";
  static final String TRAINED_MESSAGE = "trained";
  static final String CUSTOMER_PREFIX = "customer:";

  private RecommendationsBus() {
  }
}
