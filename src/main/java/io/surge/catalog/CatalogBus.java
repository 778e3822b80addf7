package io.surge.catalog;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The catalog domain's event-bus contract: what it announces after a commit, for other domains. */
public final class CatalogBus {

  /** Local, published: {@link CatalogEvent}. */
  public static final String EVENTS = "surge.catalog.events";

  private CatalogBus() {
  }

  /**
   * A catalog change ({@link CatalogChanges#PRICE_CHANGED} and its siblings). A product's change names the
   * product and its new version, with the writer's details beside them; {@link CatalogChanges#CATEGORIES_CHANGED}
   * names no product.
   */
  public record CatalogEvent(String type, UUID productId, Integer version, JsonObject details) {

    public static CatalogEvent categoriesChanged() {
      return new CatalogEvent(CatalogChanges.CATEGORIES_CHANGED, null, null, null);
    }

    /** {@code {"type", "product_id", "version", ...details}}: the details are flat beside the rest. */
    public JsonObject toJson() {
      JsonObject json = (details == null ? new JsonObject() : details.copy()).put("type", type);
      return productId == null ? json : json.put("product_id", productId.toString()).put("version", version);
    }

    public static CatalogEvent from(JsonObject json) {
      JsonObject details = json.copy();
      details.remove("type");
      details.remove("product_id");
      details.remove("version");
      String productId = json.getString("product_id");
      return new CatalogEvent(json.getString("type"), productId == null ? null : UUID.fromString(productId),
        json.getInteger("version"), details);
    }
  }
}
