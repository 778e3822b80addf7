package io.surge.users;

import io.surge.Infrastructure;
import io.surge.http.HttpErrors;
import io.surge.http.Idempotency;
import io.surge.http.IdempotencySettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The users domain's own verticle (one instance): answers other domains on the event bus and keeps
 * its tables tidy (expired refresh tokens, expired idempotency keys).
 */
public final class UsersVerticle extends VerticleBase {

  /** Request {@code {"id": uuid}}; reply {@code {"id", "display_name", "roles"}} or fail 404. */
  public static final String PROFILE_ADDRESS = "surge.users.profile";
  private static final long HOUSEKEEPING_MS = 15 * 60 * 1000L;
  private static final Logger LOG = LoggerFactory.getLogger(UsersVerticle.class);

  private Pool pg;
  private Idempotency idempotency;

  @Override
  public Future<?> start() {
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    idempotency = new Idempotency(pg, IdempotencySettings.from(config()).ttlHours());
    vertx.setPeriodic(HOUSEKEEPING_MS, id -> housekeeping());
    return vertx.eventBus().<JsonObject>consumer(PROFILE_ADDRESS, this::profile).completion();
  }

  private void profile(Message<JsonObject> message) {
    UUID id;
    try {
      id = UUID.fromString(message.body().getString("id"));
    } catch (RuntimeException e) {
      message.fail(400, HttpErrors.BAD_REQUEST);
      return;
    }
    pg.preparedQuery(UserSql.FIND_BY_ID).execute(Tuple.of(id)).onSuccess(rows -> {
      if (rows.size() == 0) {
        message.fail(404, HttpErrors.NOT_FOUND);
        return;
      }
      JsonObject user = UserJson.user(rows.iterator().next());
      message.reply(new JsonObject().put("id", user.getString("id"))
        .put("display_name", user.getString("display_name")).put("roles", user.getJsonArray("roles")));
    }).onFailure(e -> message.fail(500, HttpErrors.INTERNAL_ERROR));
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
