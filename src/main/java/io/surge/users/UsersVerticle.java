package io.surge.users;

import io.surge.Infrastructure;
import io.surge.http.Idempotency;
import io.surge.http.IdempotencySettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users domain's own verticle (one instance): keeps its tables tidy (expired refresh tokens,
 * expired idempotency keys).
 */
public final class UsersVerticle extends VerticleBase {

  private static final long HOUSEKEEPING_MS = 15 * 60 * 1000L;
  private static final Logger LOG = LoggerFactory.getLogger(UsersVerticle.class);

  private Pool pg;
  private Idempotency idempotency;

  @Override
  public Future<?> start() {
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    idempotency = new Idempotency(pg, IdempotencySettings.from(config()));
    vertx.setPeriodic(HOUSEKEEPING_MS, id -> housekeeping());
    return Future.succeededFuture();
  }

  private void housekeeping() {
    pg.query(UserSql.DELETE_EXPIRED_REFRESH).execute()
      .compose(v -> idempotency.expireOld())
      .onFailure(e -> LOG.warn("Housekeeping failed", e));
  }

  @Override
  public Future<?> stop() {
    return pg.close();
  }
}
