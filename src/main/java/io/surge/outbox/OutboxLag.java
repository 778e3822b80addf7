package io.surge.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How far the relay is behind, as PostgreSQL sees it (every instance's relay at once): events not yet on Kafka and the
 * age of the oldest. {@code /metrics} has the same per process ({@code surge.outbox.lag.seconds}).
 */
public final class OutboxLag {

  private OutboxLag() {
  }

  /** {@code {pending, oldest_pending_at, lag_seconds}}; a read-only query on the pending index. */
  public static Future<JsonObject> read(Pool pool) {
    return pool.query(OutboxSql.LAG).execute().map(rows -> {
      Row row = rows.iterator().next();
      OffsetDateTime oldest = row.getOffsetDateTime("oldest");
      double lag = oldest == null ? 0 : Math.max(0, Instant.now().toEpochMilli() - oldest.toInstant().toEpochMilli())
        / 1000.0;
      return new JsonObject().put("pending", row.getLong("pending"))
        .put("oldest_pending_at", oldest == null ? null : oldest.toInstant().toString())
        .put("lag_seconds", lag);
    });
  }
}
