package io.surge.users;

import io.surge.Infrastructure;
import io.surge.auth.JwtSettings;
import io.surge.auth.SessionFeed;
import io.surge.http.Idempotency;
import io.surge.http.IdempotencySettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users domain's own verticle (one instance): keeps this process's view of ended sessions current
 * ({@link SessionFeed}) and keeps its tables tidy (expired refresh tokens, expired idempotency keys).
 */
public final class UsersVerticle extends VerticleBase {

  private static final long HOUSEKEEPING_MS = 15 * 60 * 1000L;
  private static final Logger LOG = LoggerFactory.getLogger(UsersVerticle.class);

  private Pool pg;
  private Idempotency idempotency;
  private Redis redisClient;
  private Redis subscriberClient;
  private SessionFeed sessions;

  @Override
  public Future<?> start() {
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    idempotency = new Idempotency(pg, IdempotencySettings.from(config()));
    redisClient = Infrastructure.redis(vertx, config().getJsonObject("redis"));
    subscriberClient = Infrastructure.redis(vertx, config().getJsonObject("redis"));
    sessions = new SessionFeed(vertx, RedisAPI.api(redisClient), subscriberClient,
      JwtSettings.from(config()).accessTtlSeconds());
    vertx.setPeriodic(HOUSEKEEPING_MS, id -> housekeeping());
    return sessions.start();
  }

  private void housekeeping() {
    pg.query(UserSql.DELETE_EXPIRED_REFRESH).execute()
      .compose(v -> idempotency.expireOld())
      .onFailure(e -> LOG.warn("Housekeeping failed", e));
  }

  @Override
  public Future<?> stop() {
    if (sessions != null) {
      sessions.close();
    }
    subscriberClient.close();
    redisClient.close();
    return pg.close();
  }
}
