package io.surge.catalog;

/** SQL of the catalog core (categories, products, SKUs, prices, stock). Search and images keep their own. */
final class CatalogSql {

  private CatalogSql() {
  }

  // --- categories
  static final String CATEGORY_COLUMNS = "id, slug, name, parent_id, position, archived, version, created_at, updated_at";
  static final String LIST_CATEGORIES = "SELECT " + CATEGORY_COLUMNS
    + " FROM categories WHERE NOT archived ORDER BY position, name";
  static final String INSERT_CATEGORY = "INSERT INTO categories (slug, name, parent_id, position) VALUES ($1, $2, $3, $4) "
    + "RETURNING " + CATEGORY_COLUMNS;
  static final String FIND_CATEGORY = "SELECT " + CATEGORY_COLUMNS + " FROM categories WHERE id = $1";
  static final String UPDATE_CATEGORY = "UPDATE categories SET slug = $3, name = $4, parent_id = $5, position = $6, "
    + "version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING " + CATEGORY_COLUMNS;
  /** Refuses a parent that is the category itself or one of its descendants (no cycles). */
  static final String IS_DESCENDANT = """
    WITH RECURSIVE below AS (SELECT id FROM categories WHERE id = $1
      UNION ALL SELECT c.id FROM categories c JOIN below b ON c.parent_id = b.id)
    SELECT EXISTS (SELECT 1 FROM below WHERE id = $2)""";
  static final String ARCHIVE_CATEGORY = "UPDATE categories SET archived = true, version = version + 1, updated_at = now() "
    + "WHERE id = $1 RETURNING " + CATEGORY_COLUMNS;
  static final String CATEGORY_BY_SLUG_OR_ID = "SELECT id FROM categories WHERE slug = $1 OR id::text = $1";

  // --- products
  static final String PRODUCT_COLUMNS = "id, slug, title, description, brand, category_id, attributes, status, "
    + "purchase_limit, popularity, version, created_at, updated_at";
  static final String INSERT_PRODUCT = "INSERT INTO products (slug, title, description, brand, category_id, attributes, "
    + "status, purchase_limit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, version";
  static final String UPSERT_PRODUCT = """
    INSERT INTO products (slug, title, description, brand, category_id, attributes, status, purchase_limit)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
      brand = EXCLUDED.brand, category_id = EXCLUDED.category_id, attributes = EXCLUDED.attributes,
      status = EXCLUDED.status, purchase_limit = EXCLUDED.purchase_limit,
      version = products.version + 1, updated_at = now()
    RETURNING id, version, (xmax = 0) AS inserted""";
  static final String FIND_PRODUCT = "SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = $1";
  static final String PRODUCT_ID_BY_SLUG = "SELECT id FROM products WHERE slug = $1";
  static final String UPDATE_PRODUCT = "UPDATE products SET slug = $3, title = $4, description = $5, brand = $6, "
    + "category_id = $7, attributes = $8, status = $9, purchase_limit = $10, version = version + 1, updated_at = now() "
    + "WHERE id = $1 AND version = $2 RETURNING id, version";
  static final String ARCHIVE_PRODUCT = "UPDATE products SET status = 'archived', version = version + 1, updated_at = now() "
    + "WHERE id = $1 RETURNING id, version";
  static final String PRODUCT_CATEGORY = "SELECT c.id, c.slug, c.name FROM categories c WHERE c.id = $1";

  // --- SKUs, prices, stock
  static final String SKU_COLUMNS = "id, product_id, code, options, price_amount, currency, compare_at_amount, "
    + "weight_grams, on_hand, reserved, status, version, created_at, updated_at";
  static final String INSERT_SKU = "INSERT INTO skus (product_id, code, options, price_amount, currency, "
    + "compare_at_amount, weight_grams, on_hand) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + SKU_COLUMNS;
  static final String SKUS_OF_PRODUCT = "SELECT " + SKU_COLUMNS
    + " FROM skus WHERE product_id = $1 ORDER BY created_at, id";
  static final String FIND_SKU = "SELECT " + SKU_COLUMNS + " FROM skus WHERE id = $1";
  static final String FIND_SKU_FOR_UPDATE = "SELECT " + SKU_COLUMNS + " FROM skus WHERE id = $1 FOR UPDATE";
  static final String UPDATE_SKU = "UPDATE skus SET options = $3, compare_at_amount = $4, weight_grams = $5, "
    + "version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING " + SKU_COLUMNS;
  static final String ARCHIVE_SKU = "UPDATE skus SET status = 'archived', version = version + 1, updated_at = now() "
    + "WHERE id = $1 RETURNING " + SKU_COLUMNS;
  static final String SET_PRICE = "UPDATE skus SET price_amount = $2, compare_at_amount = $3, version = version + 1, "
    + "updated_at = now() WHERE id = $1 RETURNING " + SKU_COLUMNS;
  static final String RECORD_PRICE = "INSERT INTO price_history (sku_id, amount, currency, kind, changed_by) "
    + "VALUES ($1, $2, $3, $4, $5)";
  static final String PRICE_HISTORY = """
    SELECT id, amount, currency, kind, changed_by, changed_at FROM price_history
    WHERE sku_id = $1 AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $2""";
  static final String SCHEDULED_PRICE_COLUMNS = "id, sku_id, amount, starts_at, ends_at, created_at";
  static final String INSERT_SCHEDULED_PRICE = "INSERT INTO scheduled_prices (sku_id, amount, starts_at, ends_at, created_by) "
    + "VALUES ($1, $2, $3, $4, $5) RETURNING " + SCHEDULED_PRICE_COLUMNS;
  static final String LIST_SCHEDULED_PRICES = "SELECT " + SCHEDULED_PRICE_COLUMNS + " FROM scheduled_prices "
    + "WHERE sku_id = $1 ORDER BY starts_at";
  static final String DELETE_SCHEDULED_PRICE = "DELETE FROM scheduled_prices WHERE id = $1 AND sku_id = $2";
  /** Never below zero, never below what is reserved: the CHECK constraints back this up. */
  static final String ADJUST_STOCK = "UPDATE skus SET on_hand = on_hand + $2, version = version + 1, updated_at = now() "
    + "WHERE id = $1 AND on_hand + $2 >= reserved RETURNING on_hand, reserved, product_id";
  static final String RECORD_ADJUSTMENT = "INSERT INTO inventory_adjustments (sku_id, delta, reason, on_hand_after, created_by) "
    + "VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at";

  // --- stock moves for orders and flash sales (Stock), one SKU per execution
  /** Conditional: never below zero. */
  static final String RESERVE_STOCK = "UPDATE skus SET reserved = reserved + $2, updated_at = now() "
    + "WHERE id = $1 AND status = 'active' AND on_hand - reserved >= $2 RETURNING product_id, currency";
  /** V31 reserve_stock's SQLSTATE when a SKU is short (DETAIL: the short SKUs' ids, comma-separated). */
  static final String STOCK_SHORT = "SST01";
  static final String RELEASE_STOCK = "UPDATE skus SET reserved = reserved - $2, updated_at = now() WHERE id = $1 RETURNING product_id";
  static final String SHIP_STOCK = "UPDATE skus SET on_hand = on_hand - $2, reserved = reserved - $2, updated_at = now() "
    + "WHERE id = $1 RETURNING product_id";
  static final String RESTOCK = "UPDATE skus SET on_hand = on_hand + $2, updated_at = now() WHERE id = $1 RETURNING product_id";

  // --- the product view (storefront and admin)
  static final String VIEW_SKUS = """
    SELECT s.id, s.code, s.options, s.weight_grams, s.on_hand, s.reserved, s.status,
           p.currency, p.current_amount, p.compare_at_amount, p.sale_ends_at, p.next_change_at, s.price_amount
      FROM skus s LEFT JOIN sku_prices p ON p.sku_id = s.id
     WHERE s.product_id = $1
     ORDER BY s.created_at, s.id""";
  static final String VIEW_IMAGES = """
    SELECT id, position, width, height, renditions FROM product_images WHERE product_id = $1 ORDER BY position, id""";

  // --- storefront listing: $1 limit, $2 category ids (or null), $3 brand, $4 min, $5 max, $6/$7 keyset
  static final String LIST_BASE = """
    SELECT p.id, p.slug, p.title, p.brand, p.created_at, p.price_from, p.price_currency AS currency,
           (SELECT i.renditions->>'200' FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image
      FROM products p
     WHERE p.status = 'active' AND p.price_from IS NOT NULL
       AND ($2::uuid[] IS NULL OR p.category_id = ANY($2))
       AND ($3::text IS NULL OR p.brand = $3)
       AND ($4::bigint IS NULL OR p.price_from >= $4)
       AND ($5::bigint IS NULL OR p.price_from <= $5)
    """;
  static final String CATEGORY_AND_DESCENDANTS = """
    WITH RECURSIVE below AS (SELECT id FROM categories WHERE slug = $1 OR id::text = $1
      UNION ALL SELECT c.id FROM categories c JOIN below b ON c.parent_id = b.id)
    SELECT array_agg(id) FROM below""";

  // --- price boundaries (scheduler)
  static final String LOCK_CLOCK = "SELECT processed_to, now() AS now FROM catalog_clock WHERE id FOR UPDATE SKIP LOCKED";
  static final String INIT_CLOCK = "INSERT INTO catalog_clock (processed_to) VALUES (now()) ON CONFLICT (id) DO NOTHING";
  static final String BOUNDARIES = """
    SELECT DISTINCT s.id AS sku_id, s.product_id,
           CASE WHEN sp.starts_at > $1 AND sp.starts_at <= $2 THEN 'scheduled_start' ELSE 'scheduled_end' END AS kind
      FROM scheduled_prices sp JOIN skus s ON s.id = sp.sku_id
     WHERE (sp.starts_at > $1 AND sp.starts_at <= $2) OR (sp.ends_at > $1 AND sp.ends_at <= $2)""";
  static final String CURRENT_PRICE = "SELECT current_amount, currency FROM sku_prices WHERE sku_id = $1";
  static final String TOUCH_RETURNING = "UPDATE products SET version = version + 1, updated_at = now(), "
    + CatalogChanges.PRICE_FROM + " WHERE id = $1 RETURNING id AS product_id, version, $2::uuid AS sku_id";
  static final String ADVANCE_CLOCK = "UPDATE catalog_clock SET processed_to = $1 WHERE id";
}
