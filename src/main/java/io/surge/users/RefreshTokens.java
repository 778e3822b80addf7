package io.surge.users;

import io.surge.auth.SessionRevocations;
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
 * presenting a token that was already used (a sign it was stolen) revokes the whole family. Revoking a family or all
 * of a user's also ends the matching access tokens ({@link SessionRevocations}), on every instance.
 */
final class RefreshTokens {

  /** A refresh token and its family: the family is the login's session id, carried by its access tokens. */
  record Issued(UUID userId, UUID familyId, String token) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final int ttlSeconds;
  private final SessionRevocations sessions;

  RefreshTokens(Pool pool, int ttlSeconds, SessionRevocations sessions) {
    this.pool = pool;
    this.ttlSeconds = ttlSeconds;
    this.sessions = sessions;
  }

  int ttlSeconds() {
    return ttlSeconds;
  }

  /** Starts a new family (a login). */
  Future<Issued> issue(UUID userId) {
    String token = newToken();
    UUID familyId = UUID.randomUUID();
    return pool.preparedQuery(UserSql.INSERT_REFRESH)
      .execute(Tuple.of(userId, familyId, hash(token), ttlSeconds))
      .map(new Issued(userId, familyId, token));
  }

  /** Uses the token once and hands out its successor; reuse revokes the family and fails with 401. */
  Future<Issued> rotate(String token) {
    Buffer hash = hash(token);
    String next = newToken();
    return pool.withTransaction(conn -> conn.preparedQuery(UserSql.USE_REFRESH).execute(Tuple.of(hash))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture((Issued) null);
        }
        Row row = rows.iterator().next();
        UUID userId = row.getUUID("user_id");
        UUID familyId = row.getUUID("family_id");
        return conn.preparedQuery(UserSql.INSERT_REFRESH)
          .execute(Tuple.of(userId, familyId, hash(next), ttlSeconds))
          .map(new Issued(userId, familyId, next));
      }))
      .compose(rotation -> rotation != null ? Future.succeededFuture(rotation)
        : revokeFamily(token).compose(v -> Future.failedFuture(invalid())));
  }

  /** Revokes the token's family (one login) and ends its access tokens. */
  Future<Void> revokeFamily(String token) {
    return pool.preparedQuery(UserSql.REVOKE_FAMILY_OF).execute(Tuple.of(hash(token))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(); // unknown or revoked before: its access tokens were ended then
      }
      Row row = rows.iterator().next();
      return sessions.endSession(row.getUUID("family_id").toString(), row.getUUID("user_id").toString());
    });
  }

  /** Every login of the user ends: refresh tokens revoked, access tokens refused from now on. */
  Future<Void> revokeAll(UUID userId) {
    return pool.preparedQuery(UserSql.REVOKE_ALL_FOR_USER).execute(Tuple.of(userId))
      .compose(v -> sessions.endUser(userId.toString()));
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
