package io.surge.predictions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;

/**
 * One model that {@code POST /api/v1/admin/predictions:train} and the schedule train, in turn (the list is built in
 * {@link PredictionsVerticle}). A training learns from the shop's orders placed before {@code cutoff} only, runs its
 * heavy work on a worker thread, stores its results in its own tables, and completes with what it learned from.
 */
public interface PredictionModel {

  /** The model's name in the status ({@code demand_forecast}, ...). */
  String name();

  Future<Trained> train(LocalDate cutoff);

  /** How many rows the model learned from (its unit: SKU days, customers), and figures for the status. */
  record Trained(long rows, JsonObject details) {
  }
}
