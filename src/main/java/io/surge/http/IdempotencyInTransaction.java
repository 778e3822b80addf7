package io.surge.http;

import io.surge.db.ConstraintViolation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} for a creating POST whose resource and answer commit in one transaction (the checkout),
 * with the same promises as {@link Idempotency}: a replay gets the first answer, another body with the key 422. The
 * key is not claimed in a transaction of its own before the work: the resource's transaction looks it up first
 * ({@link #unanswered}) and writes it, answer and all, with the resource ({@link #recordCreatedIn}). That saves the
 * claim's round trip and commit, and the later write of the answer over the claim, on every request.
 *
 * <p>The caller's transaction must serialise requests of one scope (the checkout holds the customer's lock before it
 * looks), so two requests with one key do not both find it free; if one does, the second write of the key fails and
 * rolls back, and {@link #fail} answers it as a replay. With no row held while the work runs, a duplicate sent while
 * the first is in flight waits for the lock and then replays the first answer, where {@link Idempotency} answers 409.
 * An answer given before or without the transaction (an empty cart, a rollback) is recorded by {@link #recordThen},
 * only if the key is still free; otherwise the request gets the key's first answer instead, so a replay that finds
 * the cart already emptied by its first attempt still gets that attempt's 201.
 */
public final class IdempotencyInTransaction {

  private static final String EXPECTED_KEY = "surge.idempotency.inTransaction";
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyInTransaction.class);

  /** A row that no longer holds its key: past its lifetime, or (same request only) in flight with its lease run out. */
  private static final String STALE = """
    idempotency_keys.created_at < now() - make_interval(hours => $4)
       OR idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = $3
          AND coalesce(idempotency_keys.lease_until, idempotency_keys.created_at + make_interval(secs => $5)) < now()""";
  /** Frees a stale key and reads a live one (a data-modifying WITH runs whether or not it is read). */
  private static final String LOOKUP = """
    WITH freed AS (DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND (%s) RETURNING scope)
    SELECT request_hash, status_code, response_headers, response_body,
           greatest(1, ceil(extract(epoch FROM lease_until - now())))::int AS retry_after
      FROM idempotency_keys WHERE scope = $1 AND key = $2 AND NOT (%s)""".formatted(STALE, STALE);
  private static final String ANSWER = """
    INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_headers, response_body, completed_at)
    VALUES ($1, $2, $3, $4, $5, $6, now())""";
  /** Records an answer for a key still free (or stale); returns no row when the key holds another answer. */
  private static final String RECORD = """
    INSERT INTO idempotency_keys AS idempotency_keys
           (scope, key, request_hash, status_code, response_headers, response_body, completed_at)
    VALUES ($1, $2, $3, $6, $7, $8, now())
    ON CONFLICT (scope, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
          response_headers = EXCLUDED.response_headers, response_body = EXCLUDED.response_body,
          created_at = now(), completed_at = now(), claim_id = NULL, lease_until = NULL
      WHERE %s
    RETURNING scope""".formatted(STALE);
  private static final String KEY_CONSTRAINT = "idempotency_keys_pkey";

  private record Expected(Pool pool, int ttlHours, int leaseSeconds, String scope, String key, byte[] hash) {

    /** $1-$5 of every statement here. */
    Tuple params() {
      return Tuple.of(scope, key, Buffer.buffer(hash), ttlHours, leaseSeconds);
    }
  }

  /** The key holds an answer already (or a live request): the work stops and {@link #fail} answers. */
  private static final class AnsweredBefore extends RuntimeException {

    private final transient Row row;

    AnsweredBefore(Row row) {
      super("Idempotency-Key answered before", null, false, false);
      this.row = row;
    }
  }

  private IdempotencyInTransaction() {
  }

  static void expect(RoutingContext ctx, Pool pool, int ttlHours, int leaseSeconds, String scope, String key,
    byte[] hash) {
    ctx.put(EXPECTED_KEY, new Expected(pool, ttlHours, leaseSeconds, scope, key, hash));
  }

  /**
   * In the resource's transaction, before its work: succeeds when the key is free (a stale row is deleted), fails
   * when it holds an answer or a live request, which {@link #fail} then answers. Nothing to do without a key.
   */
  public static Future<Void> unanswered(SqlConnection tx, RoutingContext ctx) {
    Expected expected = ctx.get(EXPECTED_KEY);
    if (expected == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(LOOKUP).execute(expected.params()).compose(rows -> rows.size() == 0
      ? Future.succeededFuture()
      : Future.failedFuture(new AnsweredBefore(rows.iterator().next())));
  }

  /** Writes the key with its 201 in the resource's transaction; call {@link #recordedIn} once it has committed. */
  public static Future<Void> recordCreatedIn(SqlConnection tx, RoutingContext ctx, String location, JsonObject body) {
    Expected expected = ctx.get(EXPECTED_KEY);
    if (expected == null) {
      return Future.succeededFuture();
    }
    JsonObject headers = new JsonObject().put("Content-Type", Replies.JSON).put("Location", location);
    return tx.preparedQuery(ANSWER)
      .execute(Tuple.of(expected.scope(), expected.key(), Buffer.buffer(expected.hash()), 201, headers,
        body.toBuffer()))
      .mapEmpty();
  }

  /** The transaction that {@link #recordCreatedIn recorded} the answer committed: nothing more to record. */
  public static void recordedIn(RoutingContext ctx) {
    ctx.remove(EXPECTED_KEY);
  }

  /** The work stopped because its key was answered before: a replay, not a failed request. */
  public static boolean answeredBefore(Throwable failure) {
    ConstraintViolation violation = ConstraintViolation.of(failure);
    return failure instanceof AnsweredBefore
      || violation != null && violation.kind() == ConstraintViolation.Kind.UNIQUE
        && KEY_CONSTRAINT.equals(violation.constraint());
  }

  /** For the route's failure: a key answered before is answered as it was then; any other failure fails the request. */
  public static void fail(RoutingContext ctx, Throwable failure) {
    Expected expected = ctx.get(EXPECTED_KEY);
    if (expected == null || !answeredBefore(failure)) {
      ctx.fail(failure);
      return;
    }
    ctx.remove(EXPECTED_KEY);
    Future<Boolean> answered = failure instanceof AnsweredBefore before
      ? Future.<Void>succeededFuture().map(v -> Idempotency.replayOrRefuse(ctx, before.row, expected.hash()))
      : Idempotency.replayOrRefuse(ctx, expected.pool(), expected.scope(), expected.key(), expected.hash());
    answered.onFailure(ctx::fail);
  }

  /**
   * Called through {@link Idempotency#recordThen} before a response is written: records a 4xx (or a 2xx given outside
   * the transaction) against the key while it is free and then writes it; when the key holds another answer, that
   * answer is given instead. A 5xx records nothing, so a retry runs again. False without an expected key.
   */
  static boolean recordThen(RoutingContext ctx, int status, Buffer body, Runnable write) {
    Expected expected = ctx.remove(EXPECTED_KEY);
    if (expected == null) {
      return false;
    }
    if (status >= 500) {
      write.run();
      return true;
    }
    expected.pool().preparedQuery(RECORD)
      .execute(expected.params().addValue(status).addValue(Idempotency.replayedHeaders(ctx)).addValue(body))
      .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture(true)
        : Idempotency.replayOrRefuse(ctx, expected.pool(), expected.scope(), expected.key(), expected.hash()))
      .onComplete(recorded -> {
        if (recorded.succeeded()) {
          if (recorded.result()) {
            write.run();
          }
        } else if (recorded.cause() instanceof ApiException refusal) {
          Problems.send(ctx, refusal);
        } else {
          LOG.error("Could not record idempotent response for request {}", RequestIds.of(ctx), recorded.cause());
          write.run();
        }
      });
    return true;
  }
}
