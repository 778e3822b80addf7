package io.surge.predictions;

import io.surge.Infrastructure;
import io.surge.predictions.customers.RepurchaseModel;
import io.surge.predictions.customers.RepurchaseSettings;
import io.surge.predictions.forecast.DemandForecasts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The predictions domain's own verticle (one per process): trains every {@link PredictionModel} in turn on command
 * ({@link PredictionsBus#TRAIN}) and every {@code predictions.trainEveryMinutes}. The models run their heavy work
 * on worker threads.
 */
public final class PredictionsVerticle extends VerticleBase {

  private Pool pg;
  private PredictionTraining training;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    PredictionSettings settings = PredictionSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    // the models, trained in this order; a new one is added here
    List<PredictionModel> models = List.of(new DemandForecasts(vertx, pg, settings),
      new RepurchaseModel(vertx, pg, RepurchaseSettings.from(config)));
    training = new PredictionTraining(pg, models);
    if (settings.trainEveryMinutes() > 0) {
      vertx.setPeriodic(settings.trainEveryMinutes() * 60_000, id -> startTraining(tomorrow()));
    }
    return vertx.eventBus().<JsonObject>consumer(PredictionsBus.TRAIN, this::train).completion();
  }

  /** The default cutoff: all history up to now, forecasts from tomorrow (UTC days). */
  static LocalDate tomorrow() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(1);
  }

  private void train(Message<JsonObject> message) {
    String cutoff = message.body() == null ? null : message.body().getString("cutoff");
    startTraining(cutoff == null ? tomorrow() : LocalDate.parse(cutoff))
      .onSuccess(started -> message.reply(new JsonObject().put("started", started)))
      .onFailure(e -> message.fail(500, "internal_error"));
  }

  /** Claims and starts a run in the background; false when one is running already. */
  private Future<Boolean> startTraining(LocalDate cutoff) {
    return training.claim(cutoff).onSuccess(claimed -> {
      if (claimed) {
        training.train(cutoff);
      }
    });
  }

  @Override
  public Future<?> stop() {
    return pg.close();
  }
}
