package io.surge.payments;

import java.util.Locale;

/** A Surge payment's states. {@code succeeded} is final; failed and cancelled leave the order payable again. */
public enum PaymentStatus {
  CREATING, PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELLED;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PaymentStatus of(String db) {
    return valueOf(db.toUpperCase(Locale.ROOT));
  }

  /** Still waiting for the customer or the provider. */
  public boolean live() {
    return this == CREATING || this == PENDING || this == REQUIRES_ACTION;
  }
}
