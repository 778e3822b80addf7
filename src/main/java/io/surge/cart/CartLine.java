package io.surge.cart;

import java.util.UUID;

/** One line of a cart as stored: which SKU, how many, and the unit price the shopper saw when adding it. */
public record CartLine(UUID skuId, int quantity, long addedUnitAmount) {
}
