package io.surge.cart;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Cart lifetime and size, from the {@code orders} block ({@code cartTtlDays}, {@code maxCartLines}), and the
 * currency of a cart with nothing priced in it yet ({@code cartCurrency}: its subtotal is still a Money).
 */
public record CartSettings(int ttlDays, int maxLines, String currency) {

  public static CartSettings from(JsonObject config) {
    ConfigBlock orders = ConfigBlock.of(config, "orders");
    return new CartSettings(orders.integer("cartTtlDays"), orders.integer("maxCartLines"),
      orders.string("cartCurrency"));
  }
}
