package io.surge.orders;

/** The SQL of return requests (a table of the orders domain). */
final class ReturnSql {

  private ReturnSql() {
  }

  static final String COLUMNS = "r.id, r.order_id, r.status, r.reason, r.lines, r.order_status_before, r.approved_lines, "
    + "r.refund_amount, r.decision_reason, r.decided_at, r.created_at, r.updated_at, o.user_id, o.currency";
  private static final String FROM = " FROM return_requests r JOIN orders o ON o.id = r.order_id";

  static final String INSERT = """
    INSERT INTO return_requests (id, order_id, status, reason, lines, order_status_before)
    VALUES ($1, $2, 'requested', $3, $4, $5)""";
  static final String OPEN_OF_ORDER = "SELECT id FROM return_requests WHERE order_id = $1 AND status = 'requested'";
  static final String LOCK = "SELECT " + COLUMNS + FROM + " WHERE r.id = $1 FOR UPDATE OF r";
  static final String ONE = "SELECT " + COLUMNS + FROM + " WHERE r.id = $1";
  static final String OF_ORDER = "SELECT " + COLUMNS + FROM + " WHERE r.order_id = $1 ORDER BY r.created_at, r.id";
  /** Admin list: $1 status, $2/$3 the last row's (created_at, id), $4 limit; newest first. */
  static final String LIST = "SELECT " + COLUMNS + FROM + " WHERE ($1::text IS NULL OR r.status = $1) "
    + "AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid)) "
    + "ORDER BY r.created_at DESC, r.id DESC LIMIT $4";
  static final String APPROVE = "UPDATE return_requests SET status = 'approved', approved_lines = $2, refund_amount = $3, "
    + "decided_by = $4, decided_at = now(), updated_at = now() WHERE id = $1 AND status = 'requested'";
  static final String DECLINE = "UPDATE return_requests SET status = 'declined', decision_reason = $2, decided_by = $3, "
    + "decided_at = now(), updated_at = now() WHERE id = $1 AND status = 'requested'";
  /** An approval changes no status but is a step of the order's story: its version moves for the event. */
  static final String BUMP_ORDER = "UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1 "
    + "RETURNING version";
}
