package io.surge.predictions;

/** The predictions domain's event-bus address (local to one process). */
final class PredictionsBus {

  /**
   * Request {@code {"cutoff": "YYYY-MM-DD"}}: start a training of every model on the history before that day.
   * Replies {@code {"started": true|false}} (false: one is running).
   */
  static final String TRAIN = "surge.predictions.train";

  private PredictionsBus() {
  }
}
