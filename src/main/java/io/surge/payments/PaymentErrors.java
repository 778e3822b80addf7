package io.surge.payments;

/**
 * The problem {@code code}s of payments, refunds and provider webhooks.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class PaymentErrors {

  static final String EVENT_OUT_OF_ORDER = "event_out_of_order";
  static final String ORDER_NOT_PAYABLE = "order_not_payable";
  static final String PAYMENT_IN_PROGRESS = "payment_in_progress";
  static final String PAYMENT_NOT_REFUNDABLE = "payment_not_refundable";
  static final String PAYMENT_PROVIDER_REJECTED = "payment_provider_rejected";
  static final String PAYMENT_PROVIDER_TIMEOUT = "payment_provider_timeout";
  static final String PAYMENT_PROVIDER_UNAVAILABLE = "payment_provider_unavailable";
  static final String RECONCILIATION_RUNNING = "reconciliation_running";
  static final String REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured";
  static final String WEBHOOK_API_VERSION_MISMATCH = "webhook_api_version_mismatch";
  static final String WEBHOOK_BODY_MISSING = "webhook_body_missing";
  static final String WEBHOOK_EVENT_INVALID = "webhook_event_invalid";
  static final String WEBHOOK_SIGNATURE_INVALID = "webhook_signature_invalid";

  private PaymentErrors() {
  }
}
