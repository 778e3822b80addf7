package io.surge.predictions.customers;

/** The SQL of the repurchase model: orders are read; only its own two tables are written. */
final class RepurchaseSql {

  private RepurchaseSql() {
  }

  /**
   * Every order placed before $1, one row each, oldest first per customer, with its lines' categories (a product
   * without a category stands for its own) and amounts.
   */
  static final String HISTORY = """
    SELECT o.user_id, extract(epoch FROM o.created_at)::bigint AS at, o.status, o.total_amount, o.item_count,
           array_agg(coalesce(p.category_id, l.product_id) ORDER BY l.line_no) AS categories,
           array_agg(l.line_amount ORDER BY l.line_no) AS amounts
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
      LEFT JOIN products p ON p.id = l.product_id
     WHERE o.created_at < $1
     GROUP BY o.id
     ORDER BY o.user_id, o.created_at, o.id""";

  /** Upserts: a wiped database (dev, tests) has no model row. A training claimed over an hour ago is taken over. */
  static final String CLEAR_SCORES = "DELETE FROM customer_repurchase_scores";
  static final String INSERT_SCORE = "INSERT INTO customer_repurchase_scores "
    + "(user_id, probability, segment, orders, features, drivers) VALUES ($1, $2, $3, $4, $5, $6)";
  static final String TRAINED = """
    INSERT INTO customer_repurchase_model AS m (id, state, version, trained_at, as_of, algorithm, duration_ms,
                                                memory_bytes, rows, customers, measurements)
    VALUES (true, 'idle', 1, now(), $1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (id) DO UPDATE SET state = 'idle', version = m.version + 1, trained_at = now(), as_of = $1,
           algorithm = $2, duration_ms = $3, memory_bytes = $4, rows = $5, customers = $6, measurements = $7,
           last_error = NULL
    RETURNING version""";
  static final String FAILED = """
    INSERT INTO customer_repurchase_model AS m (id, last_error) VALUES (true, $1)
    ON CONFLICT (id) DO UPDATE SET state = 'idle', last_error = $1""";
  /** The model's one row, or an idle blank before the first training (a wiped database has none). */
  static final String STATUS = """
    SELECT coalesce(m.state, 'idle') AS state, coalesce(m.version, 0) AS version, m.started_at, m.trained_at,
           m.as_of, m.algorithm, m.duration_ms, m.memory_bytes, m.rows, m.customers, m.measurements, m.last_error
      FROM (VALUES (true)) v(id) LEFT JOIN customer_repurchase_model m ON m.id = v.id""";

  static final String USER_EXISTS = "SELECT 1 FROM users WHERE id = $1";
  static final String SCORE = """
    SELECT s.user_id, s.probability, s.segment, s.features, s.drivers
      FROM customer_repurchase_scores s WHERE s.user_id = $1""";

  /** The re-engagement list, most likely first; $1/$2 the last item served (null on the first page), $3 a segment. */
  static final String RANKED = """
    SELECT s.user_id, s.probability, s.segment, s.features, u.email
      FROM customer_repurchase_scores s
      JOIN users u ON u.id = s.user_id
     WHERE u.erased_at IS NULL AND ($3::text IS NULL OR s.segment = $3)
       AND ($1::real IS NULL OR (s.probability, s.user_id) < ($1::real, $2::uuid))
     ORDER BY s.probability DESC, s.user_id DESC
     LIMIT $4""";

  /** The stored scores beside what happened in [$1, $2): for the offline evaluation. Ordered by id, not label. */
  static final String OUTCOMES = """
    SELECT s.probability, s.orders,
           EXISTS (SELECT 1 FROM orders o WHERE o.user_id = s.user_id AND o.status <> 'cancelled'
                      AND o.created_at >= $1 AND o.created_at < $2) AS bought
      FROM customer_repurchase_scores s
     ORDER BY s.user_id""";
}
