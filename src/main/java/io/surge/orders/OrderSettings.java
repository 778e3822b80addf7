package io.surge.orders;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Order deadlines (payment, auto-completion, and how many days after delivery a customer may ask for a return), the
 * order-event topic and the checkout limits that keep one customer from hoarding
 * stock with orders they never pay (units of one SKU per order; orders and units awaiting payment), from
 * the {@code orders} block.
 */
public record OrderSettings(int paymentWindowMinutes, int autoCompleteDays, int returnWindowDays, String topic,
  int maxUnitsPerSku,
  int maxUnpaidOrders, int maxUnpaidUnits) {

  public static OrderSettings from(JsonObject config) {
    ConfigBlock orders = ConfigBlock.of(config, "orders");
    return new OrderSettings(
      orders.integer("paymentWindowMinutes"),
      orders.integer("autoCompleteDays"),
      orders.integer("returnWindowDays"),
      orders.string("topic"),
      orders.integer("maxUnitsPerSku"),
      orders.integer("maxUnpaidOrders"),
      orders.integer("maxUnpaidUnits"));
  }
}
