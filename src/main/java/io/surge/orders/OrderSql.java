package io.surge.orders;

import java.util.UUID;

/** Every SQL statement of the orders domain. */
final class OrderSql {

  private OrderSql() {
  }

  static final String ORDER_COLUMNS = "id, user_id, status, source, currency, subtotal_amount, shipping_amount, total_amount, "
    + "item_count, shipping_address, payment_deadline, paid_at, shipped_at, delivered_at, completed_at, cancelled_at, "
    + "carrier, tracking_number, version, created_at, updated_at";

  /**
   * A checkout's statements have one shape whatever the cart holds, so one cached generic plan per statement serves
   * every checkout. Left to choose, PostgreSQL planned {@link #CHECKOUT_SKUS} (a join through the sku_prices view) anew
   * for every checkout, because a custom plan for a one-element array always looked cheaper than the generic one: 0.96
   * ms of planning per call against 0.21 ms of execution (pg_stat_statements with track_planning, checkout benchmark,
   * 2026-12-03). SET LOCAL: it ends with the transaction, and no other statement is affected.
   */
  static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan";
  /**
   * A checkout's BEGIN with its plans ({@link #GENERIC_PLANS}) and the customer's lock, which serialises one customer's
   * checkouts so that limits cannot be raced: one message, not three (each statement is a write on the client and an
   * answer and a send on the server). The customer's id is a UUID formatted here, a safe literal.
   */
  static String beginCheckout(UUID userId) {
    return "BEGIN; " + GENERIC_PLANS + "; SELECT pg_advisory_xact_lock(hashtextextended('" + userId + "', 7))";
  }
  /**
   * The cart's SKUs with their prices now, what the customer has ordered and not paid for yet, and the transaction's
   * {@code now()}: the order's {@code created_at}, so the checkout can answer with the order before it is written.
   */
  static final String CHECKOUT_SKUS = """
    WITH unpaid AS (SELECT count(*)::int AS unpaid_orders, coalesce(sum(item_count), 0)::int AS unpaid_units
                      FROM orders WHERE user_id = $2 AND status = 'pending_payment')
    SELECT s.id, s.code, s.options, s.product_id, s.status, p.status AS product_status, p.title, p.purchase_limit,
           sp.current_amount, s.currency, s.on_hand - s.reserved AS available, u.unpaid_orders, u.unpaid_units,
           now() AS now
      FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN sku_prices sp ON sp.sku_id = s.id CROSS JOIN unpaid u
     WHERE s.id = ANY($1)""";
  static final String PURCHASED_BEFORE = """
    SELECT l.product_id, sum(l.quantity) AS quantity FROM order_lines l JOIN orders o ON o.id = l.order_id
     WHERE o.user_id = $1 AND o.status NOT IN ('cancelled', 'refunded') AND l.product_id = ANY($2)
     GROUP BY l.product_id""";
  static final String MARK_RESTOCKED = "UPDATE orders SET restocked_at = now() WHERE id = $1 AND restocked_at IS NULL "
    + "RETURNING shipped_at";
  static final String AVAILABILITY = "SELECT id, code, on_hand - reserved AS available FROM skus WHERE id = ANY($1)";
  /**
   * A checkout's order, its lines ($9-$15, index-aligned arrays, one entry per line, numbered in that order) and its
   * first history entry, in one statement: one execution in PostgreSQL instead of two plus one per line. Every column
   * not given takes its default ({@link OrderJson#placed} answers with them), {@code created_at} the transaction's now().
   */
  static final String INSERT_ORDER = """
    WITH made AS (
      INSERT INTO orders (id, user_id, status, currency, subtotal_amount, shipping_amount, total_amount, item_count,
                          shipping_address, payment_deadline, cart_id)
      VALUES ($1, $2, 'pending_payment', $3, $4, 0, $4, $5, $6, $7, $8)
      RETURNING id
    ),
    lines AS (
      INSERT INTO order_lines (order_id, line_no, sku_id, product_id, sku_code, title, options, unit_amount, quantity,
                               line_amount)
      SELECT $1, l.line_no, l.sku_id, l.product_id, l.sku_code, l.title, l.options, l.unit_amount, l.quantity,
             l.unit_amount * l.quantity
        FROM unnest($9::uuid[], $10::uuid[], $11::text[], $12::text[], $13::jsonb[], $14::bigint[], $15::int[])
             WITH ORDINALITY AS l(sku_id, product_id, sku_code, title, options, unit_amount, quantity, line_no)),
    history AS (
      INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason)
      VALUES ($1, NULL, 'pending_payment', $2, $16, $17))
    SELECT id FROM made""";
  static final String INSERT_HISTORY = "INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason) "
    + "VALUES ($1, $2, $3, $4, $5, $6)";
  /**
   * A flash sale's batch: one due row for all its orders ($2-$4 index-aligned arrays, one entry per order). V32's
   * orders_add_due, the one writer of orders_due: the sale's one-statement batch (flash_write_batch) calls it too.
   */
  static final String ADD_DUE = "SELECT orders_add_due($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  /**
   * Due orders written out, in one statement: the due rows deleted, their orders, lines and history inserted (an order
   * that somehow exists already is left as it is, and gets no second line or history), the written ones returned with
   * what their events need. Dated when the buyer heard 202 (the due row's time), not when written. The rows to take
   * are the {@code %s} subquery's.
   */
  private static final String WRITE_DUE_FROM = """
    WITH batch AS (DELETE FROM orders_due WHERE id IN (%s) RETURNING *),
    due AS (
      SELECT o.order_id, o.user_id, o.quantity, b.flash_sale_id, b.sku_id, b.unit_amount, b.currency,
             b.payment_deadline, b.topic, b.due_at
        FROM batch b CROSS JOIN LATERAL unnest(b.order_ids, b.user_ids, b.quantities) AS o(order_id, user_id, quantity)),
    made AS (
      INSERT INTO orders (id, user_id, status, source, currency, subtotal_amount, shipping_amount, total_amount,
                          item_count, shipping_address, payment_deadline, created_at, updated_at)
      SELECT order_id, user_id, 'pending_payment', 'flash_sale', currency, unit_amount * quantity, 0,
             unit_amount * quantity, quantity, '{}', payment_deadline, due_at, due_at
        FROM due
      ON CONFLICT (id) DO NOTHING RETURNING id),
    written AS (
      SELECT d.*, k.code AS sku_code, k.product_id, k.options, p.title
        FROM made m JOIN due d ON d.order_id = m.id JOIN skus k ON k.id = d.sku_id JOIN products p ON p.id = k.product_id),
    lines AS (
      INSERT INTO order_lines (order_id, line_no, sku_id, product_id, sku_code, title, options, unit_amount, quantity,
                               line_amount)
      SELECT order_id, 1, sku_id, product_id, sku_code, title, options, unit_amount, quantity, unit_amount * quantity
        FROM written),
    history AS (
      INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason, at)
      SELECT order_id, NULL, 'pending_payment', user_id, 'customer', 'flash sale purchase', due_at FROM written)
    SELECT order_id, user_id, flash_sale_id, sku_id, sku_code, quantity, unit_amount, currency, topic, due_at
      FROM written""";
  /** These due rows ($1), those another transaction is writing out skipped (the background writer). */
  static final String WRITE_DUE_ROWS = WRITE_DUE_FROM.formatted(
    "SELECT id FROM orders_due WHERE id = ANY($1) FOR UPDATE SKIP LOCKED");
  /**
   * The due row holding this order ($1), however its batch is; one another transaction is writing out is waited for
   * (then it is gone, and the order written). A scan of a table that holds a few seconds of batches at most.
   */
  static final String WRITE_DUE_ORDER = WRITE_DUE_FROM.formatted("SELECT id FROM orders_due WHERE $1 = ANY(order_ids)");
  /**
   * Every due row holding one of this buyer's orders ($1), waited for as {@link #WRITE_DUE_ORDER} is: before the buyer's
   * own list, data export or erasure, which must not miss an order answered 202 a moment ago.
   */
  static final String WRITE_DUE_FOR_BUYER = WRITE_DUE_FROM.formatted(
    "SELECT id FROM orders_due WHERE $1 = ANY(user_ids)");
  /** Whether any due row holds one of this buyer's orders: almost always none, and then nothing is written. */
  static final String BUYER_HAS_DUE = "SELECT EXISTS (SELECT 1 FROM orders_due WHERE $1 = ANY(user_ids)) AS due";
  /** Due rows the background writer has not been told about (a restart, another instance's crash). */
  static final String OLD_DUE = "SELECT id, due_at FROM orders_due WHERE due_at < now() - make_interval(secs => $1) "
    + "LIMIT $2";
  /** Until it ships: a pending or paid order's address (a flash-sale order has none until the buyer gives one). */
  static final String SET_SHIPPING_ADDRESS = "UPDATE orders SET shipping_address = $3, version = version + 1, "
    + "updated_at = now() WHERE id = $1 AND user_id = $2 AND status IN ('pending_payment', 'paid') RETURNING "
    + ORDER_COLUMNS;
  static final String ADDRESS_SNAPSHOT = "SELECT recipient, line1, line2, city, region, postal_code, country, phone "
    + "FROM addresses WHERE id = $1 AND user_id = $2";

  static final String LOCK_ORDER = "SELECT " + ORDER_COLUMNS
    + " FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) FOR UPDATE";
  static final String FIND_ORDER = "SELECT " + ORDER_COLUMNS
    + " FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)";
  static final String LINES = "SELECT line_no, sku_id, product_id, sku_code, title, options, unit_amount, quantity, line_amount "
    + "FROM order_lines WHERE order_id = $1 ORDER BY line_no";
  static final String HISTORY = "SELECT from_status, to_status, actor, reason, at FROM order_history WHERE order_id = $1 ORDER BY id";
  static final String STOCK_LINES = "SELECT sku_id, sum(quantity)::int AS quantity FROM order_lines "
    + "WHERE order_id = $1 GROUP BY sku_id ORDER BY sku_id";

  /** Customer list: newest first; $2/$3 the last row's (created_at, id). */
  static final String LIST_MINE = "SELECT " + ORDER_COLUMNS + " FROM orders WHERE user_id = $1 "
    + "AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid)) ORDER BY created_at DESC, id DESC LIMIT $4";
  /** Admin list: $1 status, $2 customer (id or email), $3 from, $4 to, $5/$6 keyset, $7 limit. */
  static final String LIST_ALL = """
    SELECT\s""" + ORDER_COLUMNS + """
     FROM orders
    WHERE ($1::text IS NULL OR status = $1)
      AND ($2::text IS NULL OR user_id = (SELECT id FROM users WHERE id::text = $2 OR email = lower($2)))
      AND ($3::timestamptz IS NULL OR created_at >= $3)
      AND ($4::timestamptz IS NULL OR created_at < $4)
      AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
    ORDER BY created_at DESC, id DESC LIMIT $7""";

  static final String OVERDUE = "SELECT id FROM orders WHERE status = 'pending_payment' AND payment_deadline < now() "
    + "ORDER BY payment_deadline LIMIT 100";
  static final String DUE_FOR_COMPLETION = "SELECT id FROM orders WHERE status = 'delivered' "
    + "AND delivered_at < now() - make_interval(days => $1) ORDER BY delivered_at LIMIT 100";

  /** The customer's orders for their data export: every order with its lines and history (see {@link OrderPrivacy}). */
  static final String EXPORT = """
    SELECT coalesce(jsonb_agg(to_jsonb(o) - 'user_id' || jsonb_build_object(
             'lines', (SELECT coalesce(jsonb_agg(to_jsonb(l) - 'order_id' ORDER BY l.line_no), '[]')
                       FROM order_lines l WHERE l.order_id = o.id),
             'history', (SELECT coalesce(jsonb_agg(jsonb_build_object('from_status', h.from_status,
                           'to_status', h.to_status, 'actor', h.actor, 'reason', h.reason, 'at', h.at) ORDER BY h.id), '[]')
                         FROM order_history h WHERE h.order_id = o.id))
             ORDER BY o.created_at, o.id), '[]') AS orders
    FROM orders o WHERE o.user_id = $1""";
  /**
   * Erasure: the order stays for the merchant's accounting (amounts, lines, dates, the country for tax) but the
   * shipping address loses the person: recipient, street, city, postal code and phone. An order with no address yet
   * (a flash-sale order) keeps its empty one.
   */
  static final String ANONYMISE_ADDRESSES = """
    UPDATE orders SET shipping_address = jsonb_build_object('recipient', 'Deleted customer',
                        'country', shipping_address -> 'country', 'erased', true),
                      version = version + 1, updated_at = now()
    WHERE user_id = $1 AND shipping_address <> '{}'::jsonb AND NOT shipping_address ? 'erased'""";
  /** Reasons the customer typed (a cancellation's) are their words: gone; the moves themselves stay. */
  static final String ERASE_CUSTOMER_REASONS = "UPDATE order_history SET reason = NULL "
    + "WHERE actor = 'customer' AND actor_id = $1 AND reason IS NOT NULL";
}
