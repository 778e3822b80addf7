package io.surge.orders.imports;

/** The order history import's SQL. The orders domain alone writes orders, their lines and their history. */
final class ImportSql {

  private ImportSql() {
  }

  /**
   * Imports take turns batch by batch: the check for orders already imported and their insert then see the same
   * table, so two uploads of one file can never both import an order (or leave a guest account behind).
   */
  static final String TAKE_TURN = "SELECT pg_advisory_xact_lock(hashtext('surge.orders.import'))";

  static final String EXISTING = "SELECT order_ref FROM orders WHERE order_ref = ANY($1::text[])";

  /** Historical orders: their own timestamps, nothing to pay, no shipping charged; cancelled or completed. */
  static final String INSERT_ORDERS = """
    INSERT INTO orders (id, user_id, status, source, currency, subtotal_amount, shipping_amount, total_amount,
                        item_count, shipping_address, completed_at, cancelled_at, created_at, updated_at, order_ref)
    SELECT id, user_id, CASE WHEN cancelled THEN 'cancelled' ELSE 'completed' END, 'import', currency, subtotal, 0,
           subtotal, items, CASE WHEN country IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('country', country) END,
           CASE WHEN cancelled THEN NULL ELSE at END, CASE WHEN cancelled THEN at END, at, at, ref
      FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::text[], $5::bigint[], $6::int[], $7::text[],
                  $8::timestamptz[], $9::text[])
           AS t(id, user_id, cancelled, currency, subtotal, items, country, at, ref)""";

  static final String INSERT_LINES = """
    INSERT INTO order_lines (order_id, line_no, sku_id, product_id, sku_code, title, unit_amount, quantity, line_amount)
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::bigint[],
                         $8::int[], $9::bigint[])""";

  /** One history row per order: it came into being in its final state, brought by the admin who imported it. */
  static final String INSERT_HISTORY = """
    INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason, at)
    SELECT id, NULL, CASE WHEN cancelled THEN 'cancelled' ELSE 'completed' END, $4, 'admin', 'import', at
      FROM unnest($1::uuid[], $2::boolean[], $3::timestamptz[]) AS t(id, cancelled, at)""";
}
