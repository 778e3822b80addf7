package io.surge.auth;

import io.surge.shared.ChannelSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's copy of the {@link SessionRevocations} current: loads every entry at start, applies each one
 * announced on the channel, reloads them all when the channel comes back after a loss (announcements may have been
 * missed meanwhile) and once a minute (a safety net), and forgets the ones no live token can predate. One per
 * process (the users verticle runs it), before the HTTP port opens.
 */
public final class SessionFeed {

  private static final Logger LOG = LoggerFactory.getLogger(SessionFeed.class);
  private static final long RELOAD_MILLIS = 60_000;

  private final Vertx vertx;
  private final SessionRevocations revocations;
  private final ChannelSubscription subscription;
  private long timer = -1;

  /** {@code subscriber} serves this feed alone (a subscribed connection can send nothing else). */
  public SessionFeed(Vertx vertx, RedisAPI redis, Redis subscriber, int accessTtlSeconds) {
    this.vertx = vertx;
    this.revocations = new SessionRevocations(vertx, redis, accessTtlSeconds);
    this.subscription = new ChannelSubscription(vertx, subscriber, SessionRevocations.CHANNEL, revocations::heard)
      .onRestored(this::reload);
  }

  public Future<Void> start() {
    return subscription.start()
      .compose(v -> revocations.load())
      .onSuccess(v -> timer = vertx.setPeriodic(RELOAD_MILLIS, id -> reload()));
  }

  private void reload() {
    revocations.prune();
    revocations.load().onFailure(e -> LOG.warn("Session revocations not reloaded from Redis", e));
  }

  public void close() {
    vertx.cancelTimer(timer);
    subscription.close();
  }
}
