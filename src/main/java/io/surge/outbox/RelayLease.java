package io.surge.outbox;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Which relay publishes: the one holding a PostgreSQL session advisory lock on a dedicated connection.
 * PostgreSQL drops the lock when that session ends, so a relay that crashes or loses the database hands
 * over without anyone's help. A relay that does not get the lock retries every few seconds: another
 * instance is publishing. A periodic ping notices a connection that died silently.
 */
final class RelayLease {

  /** The advisory lock key: "surgeout" in ASCII. */
  static final long LOCK_KEY = 0x73757267656f7574L;

  private static final Logger LOG = LoggerFactory.getLogger(RelayLease.class);
  private static final long PING_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final long retryMs;
  private final Handler<Void> onAcquired;
  private final Handler<Void> onLost;
  private PgConnection connection;
  private boolean held;
  private boolean closed;
  private long retryTimer = -1;
  private long pingTimer = -1;

  RelayLease(Vertx vertx, PgConnectOptions options, long retryMs, Handler<Void> onAcquired, Handler<Void> onLost) {
    this.vertx = vertx;
    this.options = options;
    this.retryMs = retryMs;
    this.onAcquired = onAcquired;
    this.onLost = onLost;
  }

  void start() {
    tryAcquire();
    pingTimer = vertx.setPeriodic(retryMs, id -> ping());
  }

  private void tryAcquire() {
    retryTimer = -1;
    if (closed || held) {
      return;
    }
    connect()
      .compose(c -> c.preparedQuery(OutboxSql.TRY_LOCK).execute(Tuple.of(LOCK_KEY)))
      .onSuccess(rows -> {
        if (rows.iterator().next().getBoolean(0)) {
          acquired();
        } else {
          retryLater();
        }
      })
      .onFailure(e -> {
        LOG.warn("Could not try the outbox relay lock; retrying", e);
        drop(connection);
        retryLater();
      });
  }

  private Future<PgConnection> connect() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    return PgConnection.connect(vertx, options).onSuccess(c -> {
      connection = c;
      c.exceptionHandler(e -> LOG.warn("Outbox relay lock connection failed: {}", e.getMessage()));
      c.closeHandler(v -> drop(c));
    });
  }

  private void acquired() {
    if (closed) {
      return;
    }
    held = true;
    LOG.info("This instance now relays the outbox (advisory lock {} held)", LOCK_KEY);
    onAcquired.handle(null);
  }

  /** A session that stopped answering may have lost the lock already: stop publishing and take it again. */
  private void ping() {
    PgConnection c = connection;
    if (!held || c == null) {
      return;
    }
    c.query("SELECT 1").execute().timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS).onFailure(e -> {
      LOG.warn("Outbox relay lock connection does not answer; giving up the lock", e);
      drop(c);
      c.close();
    });
  }

  private void drop(PgConnection c) {
    if (c == null || c != connection) {
      return;
    }
    connection = null;
    if (held) {
      held = false;
      LOG.warn("Outbox relay lock connection lost; stopped publishing, will try to take the lock again");
      onLost.handle(null);
    }
    retryLater();
  }

  private void retryLater() {
    if (!closed && retryTimer == -1) {
      retryTimer = vertx.setTimer(retryMs, id -> tryAcquire());
    }
  }

  /** Releases the lock (ending the session would too) and closes the connection. */
  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(pingTimer);
    PgConnection c = connection;
    connection = null;
    held = false;
    if (c == null) {
      return Future.succeededFuture();
    }
    return c.preparedQuery(OutboxSql.UNLOCK).execute(Tuple.of(LOCK_KEY))
      .timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .transform(unlocked -> c.close());
  }
}
