package io.surge.dev;

import io.surge.catalog.CatalogChanges;

/**
 * The demo catalog's statements. Each takes whole column arrays, so one statement inserts a batch.
 * Everything is ON CONFLICT DO NOTHING: a second run (or a slug an admin already took) skips rows,
 * and SKUs go in only for products that exist, with their initial price history.
 */
final class DemoSql {

  private DemoSql() {
  }

  /** $1 slugs, $2 names, $3 parent slugs (null for a root), $4 positions. */
  static final String INSERT_ROOT_CATEGORIES = """
    INSERT INTO categories (slug, name, position)
    SELECT slug, name, position FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) c(slug, name, parent, position)
     WHERE parent IS NULL
    ON CONFLICT (slug) DO NOTHING""";

  static final String INSERT_CHILD_CATEGORIES = """
    INSERT INTO categories (slug, name, parent_id, position)
    SELECT c.slug, c.name, p.id, c.position
      FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) c(slug, name, parent, position)
      JOIN categories p ON p.slug = c.parent
    ON CONFLICT (slug) DO NOTHING""";

  static final String CATEGORY_IDS = "SELECT id, slug FROM categories WHERE slug = ANY($1)";

  static final String INSERT_PRODUCTS = """
    INSERT INTO products (id, slug, title, description, brand, category_id, attributes, status, popularity)
    SELECT id, slug, title, description, brand, category_id, attributes::jsonb, status, popularity
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[],
                  $9::bigint[]) p(id, slug, title, description, brand, category_id, attributes, status, popularity)
    ON CONFLICT DO NOTHING""";

  static final String INSERT_SKUS = """
    WITH inserted AS (
      INSERT INTO skus (id, product_id, code, options, price_amount, currency, compare_at_amount, weight_grams, on_hand)
      SELECT s.id, s.product_id, s.code, s.options::jsonb, s.price, 'EUR', s.compare_at, s.weight, s.on_hand
        FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::int[], $8::int[])
             s(id, product_id, code, options, price, compare_at, weight, on_hand)
       WHERE EXISTS (SELECT 1 FROM products p WHERE p.id = s.product_id)
      ON CONFLICT DO NOTHING
      RETURNING id, price_amount, currency)
    INSERT INTO price_history (sku_id, amount, currency, kind)
    SELECT id, price_amount, currency, 'initial' FROM inserted""";

  /** The products' "from" price once their SKUs are in (the catalog writers keep it up to date after that). */
  static final String REFRESH_PRICES = "UPDATE products SET " + CatalogChanges.PRICE_FROM
    + " WHERE id = ANY($1)";
}
