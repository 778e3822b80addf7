package io.surge.cart;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cart as a shopper sees it: every line priced from the catalog now, with flags for what changed
 * since it was added. The subtotal counts the lines that can be bought (all but {@code unavailable});
 * money is {@code {"amount": minor units, "currency": "EUR"}} as in the catalog.
 */
final class CartView {

  static final String UNAVAILABLE = "unavailable";
  static final String INSUFFICIENT_STOCK = "insufficient_stock";
  static final String PRICE_CHANGED = "price_changed";
  /** Priced in another currency than the cart's first line: kept out of the subtotal rather than added up wrongly. */
  static final String OTHER_CURRENCY = "other_currency";

  private CartView() {
  }

  /** {@code currency}: the shop's ({@code orders.cartCurrency}), for a cart with no line for sale. */
  static JsonObject empty(String currency) {
    return of(List.of(), Map.of(), currency);
  }

  static JsonObject of(List<CartLine> lines, Map<UUID, SkuNow> skus, String emptyCurrency) {
    String currency = lines.stream().map(line -> skus.get(line.skuId())).filter(sku -> sku != null && sku.forSale())
      .map(SkuNow::currency).findFirst().orElse(emptyCurrency);
    JsonArray items = new JsonArray();
    long subtotal = 0;
    int itemCount = 0;
    for (CartLine line : lines) {
      SkuNow sku = skus.get(line.skuId());
      JsonArray flags = flags(line, sku, currency);
      items.add(line(line, sku, flags));
      if (!flags.contains(UNAVAILABLE) && !flags.contains(OTHER_CURRENCY)) {
        subtotal += sku.currentAmount() * line.quantity();
        itemCount += line.quantity();
      }
    }
    return new JsonObject()
      .put("lines", items)
      .put("line_count", lines.size())
      .put("item_count", itemCount)
      .put("currency", currency)
      .put("subtotal", new Money(subtotal, currency).toJson());
  }

  private static JsonArray flags(CartLine line, SkuNow sku, String currency) {
    JsonArray flags = new JsonArray();
    if (sku == null || !sku.purchasable()) {
      return flags.add(UNAVAILABLE);
    }
    if (line.quantity() > sku.available()) {
      flags.add(INSUFFICIENT_STOCK);
    }
    if (sku.currentAmount() != line.addedUnitAmount()) {
      flags.add(PRICE_CHANGED);
    }
    if (!sku.currency().equals(currency)) {
      flags.add(OTHER_CURRENCY);
    }
    return flags;
  }

  private static JsonObject line(CartLine line, SkuNow sku, JsonArray flags) {
    JsonObject json = new JsonObject()
      .put("sku_id", line.skuId().toString())
      .put("quantity", line.quantity())
      .put("flags", flags);
    if (sku == null) {
      // the SKU is gone from the catalog: only what the cart itself remembers
      return json.put("available", 0);
    }
    Long unit = sku.forSale() ? sku.currentAmount() : null;
    return json
      .put("sku_code", sku.code())
      .put("options", sku.options())
      .put("product", new JsonObject().put("id", sku.productId().toString()).put("slug", sku.productSlug())
        .put("title", sku.productTitle()))
      .put("unit_price", Money.jsonOrNull(unit, sku.currency()))
      .put("added_unit_price", Money.jsonOrNull(line.addedUnitAmount(), sku.currency()))
      .put("line_total", unit == null ? null : new Money(unit * line.quantity(), sku.currency()).toJson())
      .put("available", sku.forSale() ? sku.available() : 0);
  }
}
