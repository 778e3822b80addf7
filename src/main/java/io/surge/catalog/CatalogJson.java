package io.surge.catalog;

import io.surge.catalog.images.ImageStorage;
import io.surge.shared.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import static io.surge.shared.JsonTime.time;

/** Rows to API JSON for the catalog. Money is always {@code {"amount": minor units, "currency": "EUR"}}. */
final class CatalogJson {

  private CatalogJson() {
  }

  static JsonObject category(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("slug", row.getString("slug"))
      .put("name", row.getString("name"))
      .put("parent_id", row.getUUID("parent_id") == null ? null : row.getUUID("parent_id").toString())
      .put("position", row.getInteger("position"))
      .put("archived", row.getBoolean("archived"))
      .put("version", row.getInteger("version"));
  }

  /** An admin's view of a SKU row: base price, raw stock figures. */
  static JsonObject sku(Row row) {
    int onHand = row.getInteger("on_hand");
    int reserved = row.getInteger("reserved");
    String currency = row.getString("currency");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("product_id", row.getUUID("product_id").toString())
      .put("code", row.getString("code"))
      .put("options", row.getJsonObject("options"))
      .put("base_price", Money.jsonOrNull(row.getLong("price_amount"), currency))
      .put("compare_at", Money.jsonOrNull(row.getLong("compare_at_amount"), currency))
      .put("weight_grams", row.getInteger("weight_grams"))
      .put("inventory",
        new JsonObject().put("on_hand", onHand).put("reserved", reserved).put("available", onHand - reserved))
      .put("status", row.getString("status"))
      .put("version", row.getInteger("version"))
      .put("created_at", time(row.getOffsetDateTime("created_at")))
      .put("updated_at", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonObject scheduledPrice(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("sku_id", row.getUUID("sku_id").toString())
      .put("amount", row.getLong("amount"))
      .put("starts_at", time(row.getOffsetDateTime("starts_at")))
      .put("ends_at", time(row.getOffsetDateTime("ends_at")))
      .put("created_at", time(row.getOffsetDateTime("created_at")));
  }

  static JsonObject image(Row row) {
    JsonObject keys = row.getJsonObject("renditions");
    JsonObject urls = new JsonObject();
    keys.forEach(entry -> urls.put(entry.getKey(), ImageStorage.url(String.valueOf(entry.getValue()))));
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("position", row.getInteger("position"))
      .put("width", row.getInteger("width"))
      .put("height", row.getInteger("height"))
      .put("url", urls.getString("original"))
      .put("renditions", urls);
  }

  /** One line of a product list. */
  static JsonObject listItem(Row row) {
    String image = row.getString("image");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("slug", row.getString("slug"))
      .put("title", row.getString("title"))
      .put("brand", row.getString("brand"))
      .put("price_from", Money.jsonOrNull(row.getLong("price_from"), row.getString("currency")))
      .put("image_url", image == null ? null : ImageStorage.url(image))
      // Deprecated alias of image_url (search always said image_url), kept for this API version.
      .put("image", image == null ? null : ImageStorage.url(image))
      .put("created_at", time(row.getOffsetDateTime("created_at")));
  }
}
