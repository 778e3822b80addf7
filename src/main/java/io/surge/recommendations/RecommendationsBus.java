package io.surge.recommendations;

/** The recommendations domain's event-bus addresses (local to one process). */
final class RecommendationsBus {

  /** Request, no body: start a training. Replies {@code {"started": true|false}} (false: one is running). */
  static final String TRAIN = "surge.recommendations.train";
  /** Published after a training stored new lists: HTTP instances drop their cached lists. */
  static final String TRAINED = "surge.recommendations.trained";

  private RecommendationsBus() {
  }
}
