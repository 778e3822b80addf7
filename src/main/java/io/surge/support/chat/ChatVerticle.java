package io.surge.support.chat;

import io.surge.Infrastructure;
import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

/**
 * The chat's one-per-process verticle: holds this process's chat subscriptions in Redis ({@link ChatChannels}: the
 * channels of the users connected here) and hands each envelope to the hubs that hold its recipients (local event
 * bus), and runs the assigner
 * when asked and every few seconds (agents going offline, lost nudges, other instances' changes).
 */
public final class ChatVerticle extends VerticleBase {

  private Pool pg;
  private Redis redisClient;
  private ChatChannels channels;
  private boolean queueAnnouncement;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    ChatSettings settings = ChatSettings.from(config);
    ChatMeters.register();
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
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
    channels = new ChatChannels(vertx, config.getJsonObject("redis"));
    ChatPrivacy privacy = new ChatPrivacy(pg);
    return Future.all(channels.start(), PrivacyBus.answer(vertx, PrivacyBus.CHAT, privacy::export, privacy::erase));
  }

  @Override
  public Future<?> stop() {
    if (channels != null) {
      channels.close();
    }
    redisClient.close();
    return pg.close();
  }
}
