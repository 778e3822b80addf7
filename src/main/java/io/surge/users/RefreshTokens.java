package io.surge.users;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes. Each use rotates the token within its family;
 * presenting a token that was already used (a sign it was stolen) revokes the whole family.
 */
final class RefreshTokens {

  record Rotation(UUID userId, String token) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final int ttlSeconds;

  RefreshTokens(Pool pool, int ttlSeconds) {
    this.pool = pool;
    this.ttlSeconds = ttlSeconds;
  }

  int ttlSeconds() {
    return ttlSeconds;
  }

  /** Starts a new family (a login). */
  Future<String> issue(UUID userId) {
    String token = newToken();
    return pool.preparedQuery(UserSql.INSERT_REFRESH)
      .execute(Tuple.of(userId, UUID.randomUUID(), hash(token), ttlSeconds))
      .map(token);
  }

  /** Uses the token once and hands out its successor; reuse revokes the family and fails with 401. */
  Future<Rotation> rotate(String token) {
    Buffer hash = hash(token);
    String next = newToken();
    return pool.withTransaction(conn -> conn.preparedQuery(UserSql.USE_REFRESH).execute(Tuple.of(hash))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture((Rotation) null);
        }
        Row row = rows.iterator().next();
        UUID userId = row.getUUID("user_id");
        return conn.preparedQuery(UserSql.INSERT_REFRESH)
          .execute(Tuple.of(userId, row.getUUID("family_id"), hash(next), ttlSeconds))
          .map(new Rotation(userId, next));
      }))
      .compose(rotation -> rotation != null ? Future.succeededFuture(rotation)
        : revokeFamily(token).compose(v -> Future.failedFuture(invalid())));
  }

  Future<Void> revokeFamily(String token) {
    return pool.preparedQuery(UserSql.REVOKE_FAMILY_OF).execute(Tuple.of(hash(token))).mapEmpty();
  }

  Future<Void> revokeAll(UUID userId) {
    return pool.preparedQuery(UserSql.REVOKE_ALL_FOR_USER).execute(Tuple.of(userId)).mapEmpty();
  }

  private static ApiException invalid() {
    return new ApiException(401, UserErrors.REFRESH_TOKEN_INVALID, "Unauthorized",
      "The refresh token is invalid, expired or already used. Log in again.");
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
