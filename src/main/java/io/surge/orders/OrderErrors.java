package io.surge.orders;

/**
 * The problem {@code code}s of checkout, order transitions and returns.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class OrderErrors {

  static final String CART_ALREADY_ORDERED = "cart_already_ordered";
  static final String CART_EMPTY = "cart_empty";
  static final String ILLEGAL_TRANSITION = "illegal_transition";
  static final String INSUFFICIENT_STOCK = "insufficient_stock";
  static final String MIXED_CURRENCY = "mixed_currency";
  static final String PURCHASE_LIMIT_EXCEEDED = "purchase_limit_exceeded";
  static final String RETURN_ALREADY_OPEN = "return_already_open";
  static final String RETURN_DECIDED = "return_decided";
  static final String RETURN_WINDOW_CLOSED = "return_window_closed";
  static final String SHIPPING_ADDRESS_MISSING = "shipping_address_missing";
  static final String TOO_MANY_UNITS = "too_many_units";
  static final String UNAVAILABLE = "unavailable";
  static final String UNPAID_LIMIT = "unpaid_limit";

  private OrderErrors() {
  }
}
