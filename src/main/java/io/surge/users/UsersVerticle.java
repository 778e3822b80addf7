package io.surge.users;

import io.surge.Infrastructure;
import io.surge.auth.JwtSettings;
import io.surge.auth.SessionFeed;
import io.surge.auth.SessionRevocations;
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
 * ({@link SessionFeed}), keeps its tables tidy (expired refresh tokens, expired idempotency keys) and finishes account
 * erasures that a domain did not confirm in time ({@link AccountErasure#finishPending}).
 */
public final class UsersVerticle extends VerticleBase {

  private static final long HOUSEKEEPING_MS = 15 * 60 * 1000L;
  private static final Logger LOG = LoggerFactory.getLogger(UsersVerticle.class);

  private Pool pg;
  private Idempotency idempotency;
  private Redis redisClient;
  private Redis subscriberClient;
  private SessionFeed sessions;
  private AccountErasure erasure;
  private boolean erasing;

  @Override
  public Future<?> start() {
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    idempotency = new Idempotency(pg, IdempotencySettings.from(config()));
    redisClient = Infrastructure.redis(vertx, config().getJsonObject("redis"));
    subscriberClient = Infrastructure.redis(vertx, config().getJsonObject("redis"));
    sessions = new SessionFeed(vertx, RedisAPI.api(redisClient), subscriberClient,
      JwtSettings.from(config()).accessTtlSeconds());
    vertx.setPeriodic(HOUSEKEEPING_MS, id -> housekeeping());
    JwtSettings jwt = JwtSettings.from(config());
    PrivacySettings privacy = PrivacySettings.from(config());
    erasure = new AccountErasure(vertx, pg, new RefreshTokens(pg, jwt.refreshTtlSeconds(),
      new SessionRevocations(vertx, RedisAPI.api(redisClient), jwt.accessTtlSeconds())), privacy);
    vertx.setPeriodic(privacy.retryMillis(), id -> finishErasures());
    return sessions.start();
  }

  /** Erasures a domain did not confirm in time are asked again until every domain has. */
  private void finishErasures() {
    if (erasing) {
      return;
    }
    erasing = true;
    erasure.finishPending()
      .onFailure(e -> LOG.warn("Finishing erasures failed; will retry", e))
      .onComplete(ar -> erasing = false);
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
