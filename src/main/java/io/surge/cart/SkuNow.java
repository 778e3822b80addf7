package io.surge.cart;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A SKU as the catalog has it now: what a cart line is priced and checked against. */
record SkuNow(UUID id, String code, JsonObject options, String currency, boolean forSale, int available,
  UUID productId, String productSlug, String productTitle, Long currentAmount) {

  static SkuNow of(Row row) {
    Long current = row.getLong("current_amount");
    boolean forSale = "active".equals(row.getString("status")) && "active".equals(row.getString("product_status"))
      && current != null;
    return new SkuNow(row.getUUID("id"), row.getString("code"), row.getJsonObject("options"), row.getString("currency"),
      forSale, row.getInteger("available"), row.getUUID("product_id"), row.getString("slug"), row.getString("title"),
      current);
  }

  /** Can be bought now: on sale and at least one unit free. */
  boolean purchasable() {
    return forSale && available > 0;
  }
}
