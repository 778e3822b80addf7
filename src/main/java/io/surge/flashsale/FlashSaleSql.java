package io.surge.flashsale;

/** Every SQL statement of the flash-sale domain. */
final class FlashSaleSql {

  private FlashSaleSql() {
  }

  static final String SALE_COLUMNS = "id, sku_id, sale_amount, currency, quantity, sold, per_user_limit, payment_window_minutes, "
    + "starts_at, ends_at, cancelled_at, version, created_at";
  static final String INSERT_SALE = """
    INSERT INTO flash_sales (sku_id, sale_amount, currency, quantity, per_user_limit, payment_window_minutes, starts_at, ends_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING\s""" + SALE_COLUMNS;
  static final String FIND_SALE = "SELECT " + SALE_COLUMNS + " FROM flash_sales WHERE id = $1";
  /**
   * What a shopper sees of the sale's product beside the sale (read-only join, the storefront's page and list only;
   * the purchase path never runs it).
   */
  private static final String SALE_PRODUCT = """
    , (SELECT json_build_object('id', p.id, 'slug', p.slug, 'title', p.title, 'brand', p.brand, 'sku_code', k.code,
         'options', k.options, 'image_url', (SELECT i.renditions->>'800' FROM product_images i
         WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1))
       FROM skus k JOIN products p ON p.id = k.product_id WHERE k.id = flash_sales.sku_id) AS product""";
  static final String PUBLIC_SALE = "SELECT " + SALE_COLUMNS + SALE_PRODUCT + " FROM flash_sales WHERE id = $1";
  static final String PUBLIC_OPEN_SALES = "SELECT " + SALE_COLUMNS + SALE_PRODUCT
    + " FROM flash_sales WHERE ends_at > now() AND cancelled_at IS NULL ORDER BY starts_at LIMIT 100";
  /** Every sale, newest first, for the console (cursor: created_at, id). */
  static final String ADMIN_SALES = "SELECT " + SALE_COLUMNS + SALE_PRODUCT
    + " FROM flash_sales WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2::uuid))"
    + " ORDER BY created_at DESC, id DESC LIMIT $3";
  static final String OPEN_SALES = "SELECT " + SALE_COLUMNS
    + " FROM flash_sales WHERE ends_at > now() AND cancelled_at IS NULL "
    + "ORDER BY starts_at LIMIT 100";
  static final String LOCK_FOR_CHANGE = "SELECT " + SALE_COLUMNS + " FROM flash_sales WHERE id = $1 FOR UPDATE";
  static final String UPDATE_SALE = """
    UPDATE flash_sales SET sale_amount = $2, quantity = $3, per_user_limit = $4, payment_window_minutes = $5,
           starts_at = $6, ends_at = $7, version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING\s""" + SALE_COLUMNS;
  static final String LIVE_SALES = "SELECT " + SALE_COLUMNS
    + " FROM flash_sales WHERE starts_at <= now() AND ends_at > now() "
    + "AND cancelled_at IS NULL";
  static final String CANCEL_SALE = "UPDATE flash_sales SET cancelled_at = now(), version = version + 1, updated_at = now() "
    + "WHERE id = $1 AND cancelled_at IS NULL RETURNING " + SALE_COLUMNS;
  static final String SKU_TITLE = "SELECT s.code, s.options, s.product_id, p.title FROM skus s JOIN products p ON p.id = s.product_id "
    + "WHERE s.id = $1";

  // --- the durable writer (one transaction per batch; a handful of statements per batch, not per purchase)
  // The two reads below look up each buyer through a LATERAL subquery that PostgreSQL cannot flatten (LIMIT 1, an
  // aggregate): whatever the statistics say, the plan is a probe of the (sale_id, user_id, idempotency_key) index per
  // buyer of the batch. So they keep one cached generic plan: a plain join, planned while flash_purchases was small
  // (a new shop, or before autovacuum's first ANALYZE), had cached a hash join over the whole table (10.8 ms a batch
  // at 30 000 purchases); forcing a fresh plan per batch avoided that but cost ~0.1 ms of planning per statement.
  /** Which of these (user, key) pairs already have a purchase in this sale. */
  static final String EXISTING_PURCHASES = """
    SELECT k.user_id, k.idempotency_key, p.id, p.order_id
      FROM unnest($2::uuid[], $3::text[]) k(user_id, idempotency_key)
      JOIN LATERAL (SELECT p.id, p.order_id FROM flash_purchases p
                     WHERE p.sale_id = $1 AND p.user_id = k.user_id AND p.idempotency_key = k.idempotency_key LIMIT 1) p ON true""";
  /** Units each of these buyers already holds in this sale (buyers holding none are left out). */
  static final String BOUGHT_BY = """
    SELECT u.user_id, b.quantity FROM unnest($2::uuid[]) u(user_id)
     CROSS JOIN LATERAL (SELECT sum(quantity)::int AS quantity FROM flash_purchases
                          WHERE sale_id = $1 AND user_id = u.user_id AND status = 'ordered') b
     WHERE b.quantity IS NOT NULL""";
  /**
   * A batch the gate accepted whole, in one statement (its own transaction): the sale's lock, the check that
   * PostgreSQL agrees (units left, per-user limits) and every write; see V32. Raises {@link #GUARD_DISAGREES} when it
   * does not agree, and the purchases' unique violation when a (buyer, key) was used already; nothing is then written.
   */
  static final String WRITE_BATCH = "SELECT flash_write_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
  /** What WRITE_BATCH raises when the batch needs a purchase-by-purchase decision. */
  static final String GUARD_DISAGREES = "SFB01";
  /** Serialises the batches of one sale: limits and units are then checked against committed truth. */
  static final String LOCK_SALE = "SELECT quantity - sold AS remaining FROM flash_sales WHERE id = $1 AND cancelled_at IS NULL "
    + "FOR UPDATE";
  static final String ADD_SOLD = "UPDATE flash_sales SET sold = sold + $2 WHERE id = $1";
  // Over arrays: one execution per batch (the arrays are index-aligned, one entry per purchase).
  static final String INSERT_PURCHASES = """
    INSERT INTO flash_purchases (id, sale_id, user_id, idempotency_key, quantity, order_id)
    SELECT p.id, $2, p.user_id, p.idempotency_key, p.quantity, p.order_id
      FROM unnest($1::uuid[], $3::uuid[], $4::text[], $5::int[], $6::uuid[]) AS p(id, user_id, idempotency_key, quantity, order_id)""";

  /** When a sold-out sale sold its last unit (the live monitor's sold-out time). */
  static final String LAST_PURCHASE = "SELECT max(created_at) FROM flash_purchases WHERE sale_id = $1 AND status = 'ordered'";

  static final String IS_DURABLE = "SELECT 1 FROM flash_purchases WHERE id = $1";
  static final String DURABLE_AMONG = "SELECT id FROM flash_purchases WHERE id = ANY($1)";

  // --- reading back
  /**
   * The order may still be due (not written out yet): it is then pending payment, with the deadline its due row holds,
   * counted from the batch's transaction as the purchase's {@code created_at} is.
   */
  static final String PURCHASE_STATUS = """
    SELECT p.id, p.sale_id, p.quantity, p.status, p.order_id, coalesce(o.status, 'pending_payment') AS order_status,
           coalesce(o.payment_deadline, p.created_at + make_interval(mins => s.payment_window_minutes)) AS payment_deadline,
           p.created_at
      FROM flash_purchases p JOIN flash_sales s ON s.id = p.sale_id LEFT JOIN orders o ON o.id = p.order_id
     WHERE p.id = $1 AND p.user_id = $2""";

  // --- gate rebuild
  static final String DURABLE_BUYERS = "SELECT user_id, sum(quantity)::int AS quantity FROM flash_purchases "
    + "WHERE sale_id = $1 AND status = 'ordered' GROUP BY user_id";
  static final String DURABLE_KEYS = "SELECT user_id, idempotency_key, id, order_id, quantity FROM flash_purchases WHERE sale_id = $1";

  // --- an unpaid order expired: its units go back to the sale (called inside the orders domain's transaction)
  static final String EXPIRE_PURCHASE = "UPDATE flash_purchases SET status = 'expired' WHERE order_id = $1 AND status = 'ordered' "
    + "RETURNING sale_id, user_id, quantity";
  static final String RETURN_UNITS = "UPDATE flash_sales SET sold = sold - $2 WHERE id = $1";
}
