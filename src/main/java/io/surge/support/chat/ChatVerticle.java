package io.surge.support.chat;

import io.surge.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's one-per-process verticle: listens to the Redis channel that carries chat frames between
 * instances and hands each envelope to this process's hubs (local event bus), and runs the assigner
 * when asked and every few seconds (agents going offline, lost nudges, other instances' changes).
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);

  private Pool pg;
  private Redis redisClient;
  private Redis subscriberClient;
  private RedisConnection subscriber;
  private boolean stopping;
  private boolean queueAnnouncement;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    ChatSettings settings = ChatSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    subscriberClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    ChatRelay relay = new ChatRelay(RedisAPI.api(redisClient));
    Conversations conversations = new Conversations(vertx, pg, relay, settings.agentCapacity());
    Assigner assigner = new Assigner(pg, conversations, relay, settings.agentCapacity());
    vertx.eventBus().localConsumer(ChatBus.ASSIGN, message -> assigner.run(true));
    // One queue-length frame to every agent per 250 ms at most, however many customers arrive.
    vertx.eventBus().localConsumer(ChatBus.QUEUE_CHANGED, message -> {
      if (!queueAnnouncement) {
        queueAnnouncement = true;
        vertx.setTimer(250, id -> {
          queueAnnouncement = false;
          conversations.publishQueueLength();
        });
      }
    });
    vertx.setPeriodic(settings.assignMillis(), id -> assigner.run(false));
    return subscribe(false);
  }

  private Future<Void> subscribe(boolean again) {
    return subscriberClient.connect().compose(connection -> {
      subscriber = connection;
      connection.handler(this::onMessage);
      // An error and the end can both arrive for one lost link: resubscribe once per connection.
      connection.exceptionHandler(e -> resubscribe(connection));
      connection.endHandler(v -> resubscribe(connection));
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(ChatRelay.CHANNEL)).<Void>mapEmpty()
        .onSuccess(v -> {
          if (again) {
            vertx.eventBus().publish(ChatBus.RESYNC, null);
          }
        });
    });
  }

  private void resubscribe(RedisConnection lost) {
    if (stopping || lost != subscriber) {
      return;
    }
    subscriber = null;
    lost.close();
    LOG.warn("Chat subscription lost; resubscribing (clients will be asked to sync)");
    retrySubscribe();
  }

  private void retrySubscribe() {
    vertx.setTimer(500, id -> {
      if (!stopping) {
        subscribe(true).onFailure(e -> retrySubscribe());
      }
    });
  }

  private void onMessage(Response message) {
    if (message.type() == ResponseType.PUSH && message.size() == 3 && "message".equals(message.get(0).toString())) {
      vertx.eventBus().publish(ChatBus.DELIVER, message.get(2).toString());
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (subscriber != null) {
      subscriber.close();
    }
    subscriberClient.close();
    redisClient.close();
    return pg.close();
  }
}
