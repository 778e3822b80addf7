package io.surge.flashsale;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** What the purchase path needs to know about a sale and its SKU, read once and kept in memory briefly. */
record SaleInfo(UUID id, UUID skuId, UUID productId, String skuCode, String title, JsonObject options, long amount,
  String currency, int perUserLimit, int paymentWindowMinutes) {

  static SaleInfo of(Row sale, Row sku) {
    return new SaleInfo(sale.getUUID("id"), sale.getUUID("sku_id"), sku.getUUID("product_id"), sku.getString("code"),
      sku.getString("title"), sku.getJsonObject("options"), sale.getLong("sale_amount"), sale.getString("currency"),
      sale.getInteger("per_user_limit"), sale.getInteger("payment_window_minutes"));
  }
}
