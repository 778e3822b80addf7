package io.surge.reviews;

/**
 * The problem {@code code}s of reviews and votes.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class ReviewErrors {

  static final String NOT_VERIFIED_BUYER = "not_verified_buyer";
  static final String OWN_REVIEW = "own_review";

  private ReviewErrors() {
  }
}
