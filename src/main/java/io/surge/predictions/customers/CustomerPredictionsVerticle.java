package io.surge.predictions.customers;

import io.surge.Infrastructure;
import io.surge.predictions.customers.Classifier.Algorithm;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Instant;

/**
 * Trains the repurchase model on command ({@link #TRAIN}: {@code {"as_of": ISO instant or null for now,
 * "algorithm": a classifier to force or null}}) and every
 * {@code repurchase.trainEveryMinutes}, one training at a time across instances. The fit runs on a worker thread.
 */
public final class CustomerPredictionsVerticle extends VerticleBase {

  /** Starts a training; replies {@code {"started": boolean}} (false: one is running already). */
  static final String TRAIN = "predictions.customers.train";

  private Pool pg;
  private RepurchaseModel model;

  @Override
  public Future<?> start() {
    RepurchaseSettings settings = RepurchaseSettings.from(config());
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    model = new RepurchaseModel(vertx, pg, settings);
    if (settings.trainEveryMinutes() > 0) {
      vertx.setPeriodic(settings.trainEveryMinutes() * 60_000, id -> startTraining(Instant.now(), null));
    }
    return vertx.eventBus().<JsonObject>consumer(TRAIN, this::train).completion();
  }

  private void train(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String asOf = body.getString("as_of");
    startTraining(asOf == null ? Instant.now() : Instant.parse(asOf), Algorithm.parse(body.getString("algorithm")))
      .onSuccess(started -> message.reply(new JsonObject().put("started", started)))
      .onFailure(e -> message.fail(500, "internal_error"));
  }

  /** Claims and starts a training in the background; false when one is running already. */
  private Future<Boolean> startTraining(Instant asOf, Algorithm forced) {
    return model.claim().onSuccess(claimed -> {
      if (claimed) {
        // the outcome (figures or error) is in the model row; the log has the details
        model.train(asOf, forced);
      }
    });
  }

  @Override
  public Future<?> stop() {
    return pg.close();
  }
}
