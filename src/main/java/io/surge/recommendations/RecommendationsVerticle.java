package io.surge.recommendations;

import io.surge.Infrastructure;
import io.surge.shared.ChannelSubscription;
import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The recommendations domain's own verticle (one per process): counts bought-together from the order events
 * on Kafka, and trains the personal model on command ({@link RecommendationsBus#TRAIN}) and every
 * {@code recommendations.trainEveryMinutes}. Training itself runs on a worker thread. It also listens on
 * {@link RecommendationsBus#CHANNEL}, where a finished training and an erased account are announced to every process
 * (each keeps its customers' answers: {@link CustomerAnswers}); a lost subscription drops them all.
 */
public final class RecommendationsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationsVerticle.class);

  private Pool pg;
  private Redis redisClient;
  private Redis subscriberClient;
  private RedisAPI redis;
  private ChannelSubscription invalidations;
  private CustomerAnswers answers;
  private OrderEventConsumer consumer;
  private ModelTraining training;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    RecommendationSettings settings = RecommendationSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    subscriberClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    redis = RedisAPI.api(redisClient);
    answers = CustomerAnswers.of(vertx, settings);
    invalidations = new ChannelSubscription(vertx, subscriberClient, RecommendationsBus.CHANNEL, this::onInvalidation)
      .onLost(answers::dropAll)
      .onRestored(answers::dropAll);
    BoughtTogether boughtTogether = new BoughtTogether(vertx, pg, settings);
    training = new ModelTraining(vertx, pg, boughtTogether, settings);
    consumer = new OrderEventConsumer(config.getJsonObject("kafka").getString("bootstrapServers"),
      settings.orderTopic(), boughtTogether);
    consumer.start();
    if (settings.trainEveryMinutes() > 0) {
      vertx.setPeriodic(settings.trainEveryMinutes() * 60_000, id -> startTraining());
    }
    return invalidations.start()
      .compose(v -> vertx.eventBus().<JsonObject>consumer(RecommendationsBus.TRAIN, this::train).completion())
      .compose(v -> PrivacyBus.answer(vertx, PrivacyBus.RECOMMENDATIONS, this::export, this::forget));
  }

  /** {@code trained} or {@code customer:<id>}, from any process (this one included). */
  private void onInvalidation(String message) {
    if (RecommendationsBus.TRAINED_MESSAGE.equals(message)) {
      vertx.eventBus().publish(RecommendationsBus.TRAINED, null);
    } else if (message.startsWith(RecommendationsBus.CUSTOMER_PREFIX)) {
      try {
        answers.drop(UUID.fromString(message.substring(RecommendationsBus.CUSTOMER_PREFIX.length())));
      } catch (IllegalArgumentException e) {
        LOG.warn("unreadable message on {} ignored", RecommendationsBus.CHANNEL);
      }
    }
  }

  /** Tells every process (through Redis); a lost message is covered by answerCacheSeconds. */
  private void announce(String message) {
    redis.publish(RecommendationsBus.CHANNEL, message)
      .onFailure(e -> LOG.warn("{} not announced on {}: {}", message, RecommendationsBus.CHANNEL, e.getMessage()));
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
    return pg.preparedQuery(RecommendationSql.FORGET_CUSTOMER).execute(Tuple.of(userId))
      .onSuccess(v -> {
        answers.drop(userId);
        announce(RecommendationsBus.CUSTOMER_PREFIX + userId);
      })
      .mapEmpty();
  }

  private void train(Message<JsonObject> message) {
    startTraining().onSuccess(started -> message.reply(new JsonObject().put("started", started)))
      .onFailure(e -> message.fail(500, "internal_error"));
  }

  /** Claims and starts a training in the background; false when one is running already. */
  private Future<Boolean> startTraining() {
    return training.claim().onSuccess(claimed -> {
      if (claimed) {
        training.train().onComplete(ar -> {
          // here at once; every process (this one again) once Redis relays it
          vertx.eventBus().publish(RecommendationsBus.TRAINED, null);
          announce(RecommendationsBus.TRAINED_MESSAGE);
        });
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (invalidations != null) {
      invalidations.close();
    }
    return consumer.stop().eventually(() -> {
      subscriberClient.close();
      redisClient.close();
      return pg.close();
    });
  }
}
