package io.surge.outbox;

/** The relay's SQL. Rows are read and sent in {@code seq} order and never skipped. */
final class OutboxSql {

  static final String PENDING = """
    SELECT seq, id, topic, aggregate_id, type, version, occurred_at, data::text AS data, trace_parent
    FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1""";

  /** For operators: how many events wait, and since when. */
  static final String LAG = "SELECT count(*) AS pending, min(occurred_at) AS oldest FROM outbox WHERE published_at IS NULL";

  static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE seq = ANY($1)";

  /**
   * Published events older than $1 hours among the $2 oldest rows: the window keeps each prune a short index scan
   * from the head of the table, where old rows are, instead of a scan of the whole table.
   */
  static final String PRUNE = """
    DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT $2)
    AND published_at < now() - make_interval(hours => $1)""";

  static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1)";

  static final String UNLOCK = "SELECT pg_advisory_unlock($1)";

  private OutboxSql() {
  }
}
