package io.surge.recommendations;

import io.surge.Infrastructure;
import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The recommendations domain's own verticle (one per process): counts bought-together from the order events
 * on Kafka, and trains the personal model on command ({@link RecommendationsBus#TRAIN}) and every
 * {@code recommendations.trainEveryMinutes}. Training itself runs on a worker thread.
 */
public final class RecommendationsVerticle extends VerticleBase {

  private Pool pg;
  private OrderEventConsumer consumer;
  private ModelTraining training;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    RecommendationSettings settings = RecommendationSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    BoughtTogether boughtTogether = new BoughtTogether(vertx, pg, settings);
    training = new ModelTraining(vertx, pg, boughtTogether, settings);
    consumer = new OrderEventConsumer(config.getJsonObject("kafka").getString("bootstrapServers"),
      settings.orderTopic(), boughtTogether);
    consumer.start();
    if (settings.trainEveryMinutes() > 0) {
      vertx.setPeriodic(settings.trainEveryMinutes() * 60_000, id -> startTraining());
    }
    return vertx.eventBus().<JsonObject>consumer(RecommendationsBus.TRAIN, this::train).completion()
      .compose(v -> PrivacyBus.answer(vertx, PrivacyBus.RECOMMENDATIONS, this::export, this::forget));
  }

  /** The customer's personal list as their data export shows it: products best first, each with its score. */
  private Future<JsonArray> export(UUID userId) {
    return pg.preparedQuery(RecommendationSql.CUSTOMER_FOR_YOU).execute(Tuple.of(userId)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        String[] products = row.getArrayOfStrings("product_ids");
        Float[] scores = row.getArrayOfFloats("scores");
        for (int i = 0; i < products.length; i++) {
          items.add(new JsonObject().put("product_id", products[i]).put("score", scores[i]));
        }
      }
      return items;
    });
  }

  /** An erased account's personal list goes at once (the next training would otherwise keep it until it runs). */
  private Future<Void> forget(UUID userId) {
    return pg.preparedQuery(RecommendationSql.FORGET_CUSTOMER).execute(Tuple.of(userId)).mapEmpty();
  }

  private void train(Message<JsonObject> message) {
    startTraining().onSuccess(started -> message.reply(new JsonObject().put("started", started)))
      .onFailure(e -> message.fail(500, "internal_error"));
  }

  /** Claims and starts a training in the background; false when one is running already. */
  private Future<Boolean> startTraining() {
    return training.claim().onSuccess(claimed -> {
      if (claimed) {
        training.train().onComplete(ar -> vertx.eventBus().publish(RecommendationsBus.TRAINED, null));
      }
    });
  }

  @Override
  public Future<?> stop() {
    return consumer.stop().eventually(() -> pg.close());
  }
}
