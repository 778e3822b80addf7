package io.surge.cart;

import io.vertx.core.Future;

import java.util.List;

/** The cart store as other domains see it (checkout reads and clears a user's cart). */
public interface Carts {

  /** The user's cart lines, oldest first; empty when there is no cart. */
  Future<List<CartLine>> lines(String userId);

  /** A guest's cart lines by its cart token, oldest first; empty for a token this server did not issue. */
  Future<List<CartLine>> guestLines(String cartToken);

  /** The user's cart for a checkout: its lines, oldest first, and its identity (given one if it has none yet). */
  Future<CheckoutCart> forCheckout(String userId);

  /** Empties the user's cart (after a successful checkout). */
  Future<Void> clear(String userId);

  /** Merges a guest cart into the user's: quantities add up, capped by availability; the guest cart is deleted. */
  Future<Void> mergeGuest(String cartToken, String userId);
}
