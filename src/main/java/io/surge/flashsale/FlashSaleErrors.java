package io.surge.flashsale;

/**
 * The problem {@code code}s of flash sales and their purchases.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class FlashSaleErrors {

  static final String ALREADY_STARTED = "already_started";
  static final String CANCELLED = "cancelled";
  static final String ENDED = "ended";
  static final String INSUFFICIENT_STOCK = "insufficient_stock";
  static final String NOT_CANCELLABLE = "not_cancellable";
  static final String NOT_STARTED = "not_started";
  static final String PURCHASE_LIMIT = "purchase_limit";
  static final String SOLD_OUT = "sold_out";
  static final String TRY_AGAIN = "try_again";

  private FlashSaleErrors() {
  }
}
