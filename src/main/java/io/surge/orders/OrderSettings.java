package io.surge.orders;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** Order deadlines and the order-event topic, from the {@code orders} block. */
public record OrderSettings(int paymentWindowMinutes, int autoCompleteDays, String topic) {

  public static OrderSettings from(JsonObject config) {
    ConfigBlock orders = ConfigBlock.of(config, "orders");
    return new OrderSettings(
      orders.integer("paymentWindowMinutes"),
      orders.integer("autoCompleteDays"),
      orders.string("topic"));
  }
}
