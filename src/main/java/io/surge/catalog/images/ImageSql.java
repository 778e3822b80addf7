package io.surge.catalog.images;

/** Every SQL statement about product images. Writers bump the product's version in the same transaction. */
final class ImageSql {

  private ImageSql() {
  }

  static final String IMAGE_COLUMNS = "id, product_id, position, content_type, width, height, storage_key, renditions, created_at";

  static final String PRODUCT_EXISTS = "SELECT 1 FROM products WHERE id = $1";
  /** Runs after CatalogChanges.touchProduct, whose row lock serialises concurrent uploads to one product. */
  static final String INSERT_IMAGE = """
    INSERT INTO product_images (id, product_id, position, content_type, width, height, storage_key, renditions)
    VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM product_images WHERE product_id = $2), $3, $4, $5, $6, $7)
    RETURNING\s""" + IMAGE_COLUMNS;
  static final String IMAGE_IDS = "SELECT id FROM product_images WHERE product_id = $1";
  /** $2 is the new order: each id's position is its index in the array. */
  static final String SET_ORDER = """
    UPDATE product_images SET position = o.ordinality - 1
      FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ordinality)
     WHERE product_images.id = o.id AND product_images.product_id = $1""";
  static final String LIST_IMAGES = "SELECT " + IMAGE_COLUMNS + " FROM product_images WHERE product_id = $1 "
    + "ORDER BY position, created_at, id";
  static final String DELETE_IMAGE = "DELETE FROM product_images WHERE id = $1 AND product_id = $2 RETURNING renditions";
}
