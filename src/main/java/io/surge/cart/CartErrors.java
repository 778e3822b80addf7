package io.surge.cart;

/**
 * The problem {@code code}s of the cart.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class CartErrors {

  static final String CART_FULL = "cart_full";
  static final String INSUFFICIENT_STOCK = "insufficient_stock";

  private CartErrors() {
  }
}
