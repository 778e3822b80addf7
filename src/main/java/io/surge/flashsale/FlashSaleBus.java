package io.surge.flashsale;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The flash-sale domain's event-bus contract. */
public final class FlashSaleBus {

  /** {@link UnitsReturned}, published by the orders domain after an expiry commits; the gate takes the units back. */
  public static final String UNITS_RETURNED = "surge.flashsales.units-returned";

  private FlashSaleBus() {
  }

  /** An unpaid flash-sale order expired: its units are on sale again, and its buyer may buy them again. */
  public record UnitsReturned(UUID saleId, UUID userId, int quantity) {

    public JsonObject toJson() {
      return new JsonObject().put("sale_id", saleId.toString()).put("user_id", userId.toString()).put("quantity",
        quantity);
    }

    public static UnitsReturned from(JsonObject json) {
      return new UnitsReturned(UUID.fromString(json.getString("sale_id")), UUID.fromString(json.getString("user_id")),
        json.getInteger("quantity"));
    }
  }
}
