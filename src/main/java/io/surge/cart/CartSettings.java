package io.surge.cart;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** Cart lifetime and size, from the {@code orders} block ({@code cartTtlDays}, {@code maxCartLines}). */
public record CartSettings(int ttlDays, int maxLines) {

  public static CartSettings from(JsonObject config) {
    ConfigBlock orders = ConfigBlock.of(config, "orders");
    return new CartSettings(orders.integer("cartTtlDays"), orders.integer("maxCartLines"));
  }
}
