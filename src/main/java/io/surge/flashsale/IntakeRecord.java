package io.surge.flashsale;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** An accepted reservation as it travels on the intake topic: everything the writer needs, no lookup. */
final class IntakeRecord {

  private IntakeRecord() {
  }

  static String encode(PurchaseWriter.Reservation r) {
    SaleInfo sale = r.sale();
    return new JsonObject().put("purchase_id", r.purchaseId().toString()).put("order_id", r.orderId().toString())
      .put("user_id", r.userId().toString()).put("key", r.key()).put("quantity", r.quantity())
      .put("sale", new JsonObject().put("id", sale.id().toString()).put("sku_id", sale.skuId().toString())
        .put("product_id", sale.productId().toString()).put("sku_code", sale.skuCode()).put("title", sale.title())
        .put("options", sale.options()).put("amount", sale.amount()).put("currency", sale.currency())
        .put("per_user_limit", sale.perUserLimit()).put("payment_window_minutes", sale.paymentWindowMinutes()))
      .encode();
  }

  static PurchaseWriter.Reservation decode(String value) {
    JsonObject json = new JsonObject(value);
    JsonObject s = json.getJsonObject("sale");
    SaleInfo sale = new SaleInfo(UUID.fromString(s.getString("id")), UUID.fromString(s.getString("sku_id")),
      UUID.fromString(s.getString("product_id")), s.getString("sku_code"), s.getString("title"),
      s.getJsonObject("options"),
      s.getLong("amount"), s.getString("currency"), s.getInteger("per_user_limit"),
      s.getInteger("payment_window_minutes"));
    return new PurchaseWriter.Reservation(UUID.fromString(json.getString("purchase_id")),
      UUID.fromString(json.getString("order_id")),
      sale, UUID.fromString(json.getString("user_id")), json.getString("key"), json.getInteger("quantity"));
  }
}
