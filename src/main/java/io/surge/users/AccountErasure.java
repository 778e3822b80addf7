package io.surge.users;

import io.surge.http.ApiException;
import io.surge.users.PrivacyBus.Subject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Closes an account for good (the customer's own request, or an admin's on their behalf). First, in one transaction,
 * the users domain anonymises the user row and deletes the addresses: from then on nobody can log in with it and the
 * e-mail is free. Then every session ends, and each domain holding personal data erases its part over the event bus
 * ({@link PrivacyBus#ERASE_PARTS}). When all have confirmed, the erasure is complete; when one has not (slow or down),
 * {@link #finishPending} asks again until it has, so an erasure is never left half done.
 */
final class AccountErasure {

  private static final Logger LOG = LoggerFactory.getLogger(AccountErasure.class);

  private final Vertx vertx;
  private final Pool pool;
  private final RefreshTokens refreshTokens;
  private final PrivacySettings settings;

  AccountErasure(Vertx vertx, Pool pool, RefreshTokens refreshTokens, PrivacySettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.refreshTokens = refreshTokens;
    this.settings = settings;
  }

  /**
   * Erases the account; true when every domain confirmed its part, false when the account is closed and anonymised
   * but a domain's part is left to the retry. Fails with 404 when there is no such user.
   *
   * @param erasedBy the admin who asked, or null when the customer did
   */
  Future<Boolean> erase(UUID userId, UUID erasedBy, String reason) {
    return pool.withTransaction(tx -> tx.preparedQuery(UserSql.ERASE_USER).execute(Tuple.of(userId, erasedBy, reason))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The user"))
        : tx.preparedQuery(UserSql.DELETE_ADDRESSES).execute(Tuple.of(userId))))
      .onSuccess(v -> LOG.info("Account erased {} {}", kv("userId", userId), kv("erasedBy", erasedBy)))
      .compose(v -> finish(userId));
  }

  /** Ends every session and asks each domain for its part; true once all have confirmed. */
  Future<Boolean> finish(UUID userId) {
    return refreshTokens.revokeAll(userId).compose(v -> {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.domainTimeoutMillis());
      List<Future<Object>> parts = PrivacyBus.ERASE_PARTS.stream()
        .map(part -> vertx.eventBus().request(PrivacyBus.erase(part), new Subject(userId).toJson(), options)
          .onFailure(e -> LOG.warn("Erasure part not confirmed; will retry {} {}", kv("part", part),
            kv("userId", userId), e))
          .map(reply -> reply.body()))
        .toList();
      return Future.join(parts).transform(all -> all.succeeded()
        ? pool.preparedQuery(UserSql.ERASURE_COMPLETED).execute(Tuple.of(userId)).map(true)
        : Future.succeededFuture(false));
    });
  }

  /** Asks again for the parts of erasures some domain did not confirm (run on a timer by {@link UsersVerticle}). */
  Future<Void> finishPending() {
    long graceSeconds = Math.max(1, 2 * settings.domainTimeoutMillis() / 1000);
    return pool.preparedQuery(UserSql.ERASURES_PENDING).execute(Tuple.of(graceSeconds)).compose(rows -> {
      Future<Boolean> chain = Future.succeededFuture(true);
      for (Row row : rows) {
        UUID userId = row.getUUID("id");
        chain = chain.compose(v -> finish(userId).otherwise(false));
      }
      return chain.mapEmpty();
    });
  }
}
