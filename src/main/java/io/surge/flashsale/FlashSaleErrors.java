package io.surge.flashsale;

import io.surge.http.ApiException;
import io.surge.http.HttpErrors;

/**
 * The problem {@code code}s of flash sales and their purchases, and the purchase's answers that carry them.
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

  static ApiException soldOut() {
    return new ApiException(410, SOLD_OUT, "Gone", "The sale is sold out.");
  }

  /** 409, not 429: a client retries a 429, and this answer will not change however often it asks. */
  static ApiException overLimit(int perUserLimit) {
    return ApiException.conflict(PURCHASE_LIMIT, "At most " + perUserLimit + " per customer in this sale.");
  }

  static ApiException notStarted() {
    return ApiException.conflict(NOT_STARTED, "The sale has not started yet.");
  }

  static ApiException ended() {
    return new ApiException(410, ENDED, "Gone", "The sale has ended.");
  }

  /** PostgreSQL did not take the purchase: its unit went back. */
  static ApiException notRecorded() {
    return tryAgain("The purchase could not be recorded; nothing was taken. Retry with the same Idempotency-Key.");
  }

  /** The Kafka intake did not acknowledge the purchase in time: it may still land, so its unit is held. */
  static ApiException notConfirmed() {
    return tryAgain("The purchase is not confirmed yet; its unit is held for you. Retry with the same "
      + "Idempotency-Key to learn the outcome.");
  }

  /** A send of this instance is in doubt: new presses are turned away before they take a unit. */
  static ApiException notConfirming() {
    return tryAgain("Purchases cannot be confirmed right now; nothing was taken. Retry with the same Idempotency-Key.");
  }

  /** The first press with this key holds its unit and is not in PostgreSQL yet. */
  static ApiException inFlight() {
    return ApiException.conflict(HttpErrors.IDEMPOTENCY_KEY_IN_FLIGHT,
      "A purchase with this Idempotency-Key is still being recorded; retry shortly.");
  }

  /** Borrowing between the gate's buckets kept losing its units to other buyers: nothing was taken. */
  static ApiException busy() {
    return tryAgain("The sale is very busy; nothing was taken. Retry with the same Idempotency-Key.");
  }

  /** The sale exists but its gate is being rebuilt by another request. */
  static ApiException restoring() {
    return tryAgain("The sale is being restored; nothing was taken. Retry with the same Idempotency-Key.");
  }

  private static ApiException tryAgain(String detail) {
    return new ApiException(503, TRY_AGAIN, "Service unavailable", detail);
  }
}
