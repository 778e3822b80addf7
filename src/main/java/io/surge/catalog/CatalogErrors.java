package io.surge.catalog;

/**
 * The problem {@code code}s of the catalog (products, SKUs, categories, images).
 * Clients and the OpenAPI document rely on the values: never change one.
 */
public final class CatalogErrors {

  public static final String CATEGORY_CYCLE = "category_cycle";
  public static final String CONSTRAINT_VIOLATED = "constraint_violated";
  public static final String DUPLICATE = "duplicate";
  public static final String IMAGE_SET_MISMATCH = "image_set_mismatch";
  public static final String IMAGE_TOO_LARGE = "image_too_large";
  public static final String INSUFFICIENT_STOCK = "insufficient_stock";
  public static final String INVALID_IMAGE = "invalid_image";
  public static final String UNKNOWN_REFERENCE = "unknown_reference";
  public static final String UNSUPPORTED_IMAGE_TYPE = "unsupported_image_type";

  private CatalogErrors() {
  }
}
