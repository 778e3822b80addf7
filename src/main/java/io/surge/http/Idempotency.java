package io.surge.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating POSTs, stored in PostgreSQL so it holds across instances.
 * The first request claims the key; its response is stored and replayed to later requests with the
 * same key and body. Same key with another body: 422. Same key still in flight: 409 with Retry-After. A 5xx frees
 * the key so the client may retry. Keys live {@code idempotency.ttlHours} (24 h by default).
 *
 * <p>An in-flight claim is a lease of {@code idempotency.leaseSeconds} that the request renews while it runs. A
 * process killed mid-request renews nothing, so once the lease ends the same request may take the key over rather
 * than meet 409 for a day; a live request, however slow, keeps its key. Each claim has its own id, and a request
 * that lost its lease (its process stalled past it) records nothing over the one that took the key.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  private static final String CLAIM_KEY = "surge.idempotency";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

  /**
   * Claims a new key, a key past its lifetime, or (same request only) an in-flight key whose lease ran out.
   * Rows from before leases existed count their lease from their claim.
   */
  private static final String CLAIM = """
    INSERT INTO idempotency_keys (scope, key, request_hash, claim_id, lease_until)
    VALUES ($1, $2, $3, $5, now() + make_interval(secs => $6))
    ON CONFLICT (scope, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_headers = NULL,
          response_body = NULL, created_at = now(), completed_at = NULL,
          claim_id = EXCLUDED.claim_id, lease_until = EXCLUDED.lease_until
      WHERE idempotency_keys.created_at < now() - make_interval(hours => $4)
         OR idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
            AND coalesce(idempotency_keys.lease_until,
                         idempotency_keys.created_at + make_interval(secs => $6)) < now()
    RETURNING scope""";
  static final String FIND = """
    SELECT request_hash, status_code, response_headers, response_body,
           greatest(1, ceil(extract(epoch FROM lease_until - now())))::int AS retry_after
    FROM idempotency_keys WHERE scope = $1 AND key = $2""";
  private static final String RENEW = """
    UPDATE idempotency_keys SET lease_until = now() + make_interval(secs => $4)
    WHERE scope = $1 AND key = $2 AND claim_id = $3 AND status_code IS NULL""";
  private static final String COMPLETE = """
    UPDATE idempotency_keys SET status_code = $3, response_headers = $4, response_body = $5, completed_at = now()
    WHERE scope = $1 AND key = $2 AND claim_id = $6""";
  private static final String RELEASE = "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3";
  private static final String EXPIRE = "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)";
  private static final String[] REPLAYED_HEADERS = {"Content-Type", "Location", "ETag"};

  private record Claim(Pool pool, String scope, String key, UUID id, long renewals) {
  }

  private final Pool pool;
  private final int ttlHours;
  private final int leaseSeconds;

  public Idempotency(Pool pool, IdempotencySettings settings) {
    this.pool = pool;
    this.ttlHours = settings.ttlHours();
    this.leaseSeconds = settings.leaseSeconds();
  }

  /** A route handler; with {@code required} a request without a key is refused with 400. */
  public Handler<RoutingContext> handler(boolean required) {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null && !required) {
        ctx.next();
        return;
      }
      if (!validKey(ctx, key)) {
        return;
      }
      String scope = scope(ctx);
      byte[] hash = requestHash(ctx);
      UUID claimId = UUID.randomUUID();
      pool.preparedQuery(CLAIM)
        .execute(Tuple.of(scope, key, Buffer.buffer(hash), ttlHours).addValue(claimId).addValue(leaseSeconds))
        .compose(
          rows -> rows.rowCount() > 0 ? Future.succeededFuture(true) : replayOrRefuse(ctx, pool, scope, key, hash))
        .onSuccess(claimed -> {
          if (claimed) {
            hold(ctx, scope, key, claimId);
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
    };
  }

  /**
   * A route handler for a creating POST whose resource and answer are written in one transaction
   * ({@link IdempotencyInTransaction}): the key is required and checked here, and claimed in that transaction.
   */
  public Handler<RoutingContext> inTransactionHandler() {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (validKey(ctx, key)) {
        IdempotencyInTransaction.expect(ctx, pool, ttlHours, leaseSeconds, scope(ctx), key, requestHash(ctx));
        ctx.next();
      }
    };
  }

  /** A key is present and well formed; otherwise the request fails with 400 naming the header. */
  private static boolean validKey(RoutingContext ctx, String key) {
    if (key == null) {
      ctx.fail(ApiException.badRequest(HttpErrors.IDEMPOTENCY_KEY_REQUIRED,
        "This operation needs an Idempotency-Key header.", HEADER));
      return false;
    }
    if (!VALID_KEY.matcher(key).matches()) {
      ctx.fail(ApiException.badRequest(HttpErrors.IDEMPOTENCY_KEY_INVALID,
        "Idempotency-Key must be 1-255 visible ASCII characters.", HEADER));
      return false;
    }
    return true;
  }

  /**
   * Renews the claim's lease a few times per lease while the request runs; the renewals stop when its response is
   * recorded or, whatever happened, when the request ends.
   */
  private void hold(RoutingContext ctx, String scope, String key, UUID claimId) {
    Vertx vertx = ctx.vertx();
    long every = Math.max(1, leaseSeconds * 1000L / 3);
    long renewals = vertx.setPeriodic(every, every,
      t -> pool.preparedQuery(RENEW).execute(Tuple.of(scope, key, claimId, leaseSeconds))
        .onFailure(e -> LOG.warn("Could not renew the Idempotency-Key lease of request {}", RequestIds.of(ctx), e)));
    ctx.put(CLAIM_KEY, new Claim(pool, scope, key, claimId, renewals));
    ctx.addEndHandler(ended -> vertx.cancelTimer(renewals));
  }

  /** Deletes keys past their lifetime; run periodically. */
  public Future<Integer> expireOld() {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(ttlHours)).map(rows -> rows.rowCount());
  }

  /**
   * Answers a request whose key is taken: replays the recorded answer (false: the response is written), or fails with
   * 409 (the first request is still in flight) or 422 (the key was used with another request).
   */
  static Future<Boolean> replayOrRefuse(RoutingContext ctx, Pool pool, String scope, String key, byte[] hash) {
    return pool.preparedQuery(FIND).execute(Tuple.of(scope, key))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next()).map(row -> replayOrRefuse(ctx, row, hash));
  }

  /** As {@link #replayOrRefuse(RoutingContext, Pool, String, String, byte[])}, with the key's row read (null: gone). */
  static boolean replayOrRefuse(RoutingContext ctx, Row row, byte[] hash) {
    if (row == null) {
      throw ApiException.conflict(HttpErrors.IDEMPOTENCY_KEY_IN_FLIGHT,
        "A request with this Idempotency-Key is in progress.");
    }
    if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), hash)) {
      throw ApiException.unprocessable(HttpErrors.IDEMPOTENCY_KEY_REUSED,
        "This Idempotency-Key was used with a different request.");
    }
    Integer status = row.getInteger("status_code");
    if (status == null) {
      Integer retryAfter = row.getInteger("retry_after");
      throw new ApiException(409, HttpErrors.IDEMPOTENCY_KEY_IN_FLIGHT, "Conflict",
        "A request with this Idempotency-Key is in progress.", null,
        Map.of("Retry-After", Integer.toString(retryAfter == null ? 1 : retryAfter)));
    }
    HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Idempotent-Replayed", "true");
    JsonObject headers = row.getJsonObject("response_headers");
    if (headers != null) {
      headers.forEach(header -> response.putHeader(header.getKey(), String.valueOf(header.getValue())));
    }
    Buffer body = row.getBuffer("response_body");
    response.end(body == null ? Buffer.buffer() : body);
    return false;
  }

  /**
   * Called by {@link Replies} before a response is written: stores it against the claimed key (or
   * frees the key on a 5xx), then runs {@code write}. Without a claim it writes at once.
   */
  static void recordThen(RoutingContext ctx, int status, Buffer body, Runnable write) {
    if (IdempotencyInTransaction.recordThen(ctx, status, body, write)) {
      return;
    }
    Claim claim = ctx.get(CLAIM_KEY);
    if (claim == null) {
      write.run();
      return;
    }
    ctx.remove(CLAIM_KEY);
    ctx.vertx().cancelTimer(claim.renewals());
    Future<?> stored;
    if (status >= 500) {
      stored = claim.pool().preparedQuery(RELEASE).execute(Tuple.of(claim.scope(), claim.key(), claim.id()));
    } else {
      stored = claim.pool().preparedQuery(COMPLETE)
        .execute(Tuple.of(claim.scope(), claim.key(), status, replayedHeaders(ctx), body).addValue(claim.id()));
    }
    stored.onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("Could not record idempotent response for request {}", RequestIds.of(ctx), ar.cause());
      }
      write.run();
    });
  }

  /** The response headers a replay repeats, as the response has them now. */
  static JsonObject replayedHeaders(RoutingContext ctx) {
    JsonObject headers = new JsonObject();
    for (String name : REPLAYED_HEADERS) {
      String value = ctx.response().headers().get(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return headers;
  }

  static String scope(RoutingContext ctx) {
    String subject = ctx.user() == null ? "anonymous" : ctx.user().subject();
    return subject + " " + ctx.request().method().name() + " " + ctx.request().path();
  }

  static byte[] requestHash(RoutingContext ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
      digest.update(ctx.request().uri().getBytes(StandardCharsets.UTF_8));
      if (ctx.body() != null && ctx.body().buffer() != null) {
        digest.update(ctx.body().buffer().getBytes());
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
