package io.surge.cart;

import java.util.List;
import java.util.UUID;

/**
 * A cart as checkout takes it: its lines and its identity. The identity stays the same until the cart
 * is emptied, and an order records it, so one cart becomes at most one order (concurrent checkouts, or
 * a retry after a crash between the order's commit and the cart's clearing).
 */
public record CheckoutCart(UUID cartId, List<CartLine> lines) {
}
