package io.surge.cart;

/** SQL of the cart: it only reads the catalog (SKUs, their current prices, stock and products). */
final class CartSql {

  private CartSql() {
  }

  /** What a cart line shows now. sku_prices holds only active SKUs, so a missing price means "not for sale". */
  private static final String SKU_NOW = """
    SELECT s.id, s.code, s.options, s.currency, s.status, greatest(s.on_hand - s.reserved, 0) AS available,
           p.id AS product_id, p.slug, p.title, p.status AS product_status, sp.current_amount
      FROM skus s
      JOIN products p ON p.id = s.product_id
      LEFT JOIN sku_prices sp ON sp.sku_id = s.id
    """;

  /** One SKU named by its code ($1) or its id ($2, null when the text is not a UUID). */
  static final String SKU_BY_CODE_OR_ID = SKU_NOW
    + " WHERE s.code = $1 OR s.id = $2::uuid ORDER BY s.code = $1 DESC LIMIT 1";

  /** Every SKU of a cart in one round trip. */
  static final String SKUS_BY_IDS = SKU_NOW + " WHERE s.id = ANY($1::uuid[])";
}
