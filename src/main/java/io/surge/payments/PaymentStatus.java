package io.surge.payments;

/** A Surge payment's states. {@code succeeded} is final; failed and cancelled leave the order payable again. */
public enum PaymentStatus {
  CREATING, PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELLED;

  public String db() {
    return name().toLowerCase();
  }

  public static PaymentStatus of(String db) {
    return valueOf(db.toUpperCase());
  }

  /** Still waiting for the customer or the provider. */
  public boolean live() {
    return this == CREATING || this == PENDING || this == REQUIRES_ACTION;
  }
}
