package io.surge.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Deletes published events once they are {@code outbox.keepPublishedHours} old: Kafka has them, and the rows kept
 * meanwhile let an operator see what went out. Without this the table grows with every order for ever, and every
 * scan and vacuum of it with it. Run by the relay that holds the lease, once a minute, in chunks.
 */
final class OutboxPruning {

  static final int CHUNK = 5_000;

  private OutboxPruning() {
  }

  /** Deletes old published rows chunk by chunk while whole chunks go; yields how many were deleted. */
  static Future<Integer> prune(Pool pg, int keepHours) {
    return chunk(pg, keepHours, 0);
  }

  private static Future<Integer> chunk(Pool pg, int keepHours, int deletedSoFar) {
    return pg.preparedQuery(OutboxSql.PRUNE).execute(Tuple.of(keepHours, CHUNK)).compose(rows -> {
      int deleted = deletedSoFar + rows.rowCount();
      return rows.rowCount() == CHUNK ? chunk(pg, keepHours, deleted) : Future.succeededFuture(deleted);
    });
  }
}
