package io.surge.payments;

import java.util.Locale;

/** A Surge payment's states. {@code succeeded} is final; failed and cancelled leave the order payable again. */
public enum PaymentStatus {
  CREATING, PENDING, REQUIRES_ACTION, PROCESSING, SUCCEEDED, FAILED, CANCELLED;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PaymentStatus of(String db) {
    return valueOf(db.toUpperCase(Locale.ROOT));
  }

  /** Still waiting for the customer or the provider. */
  public boolean live() {
    return payable() || this == PROCESSING;
  }

  /**
   * The customer can still act on it (the client secret is of use). A processing payment (a bank debit, days
   * long) waits for the provider alone: the customer has done their part, and it can no longer be cancelled.
   */
  public boolean payable() {
    return this == CREATING || this == PENDING || this == REQUIRES_ACTION;
  }
}
