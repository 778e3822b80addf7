package io.surge.payments;

import io.surge.http.ApiException;

/**
 * A provider call that did not succeed. {@link Kind#REJECTED} is a definite answer (the provider refused);
 * after {@link Kind#TIMEOUT}, {@link Kind#UNAVAILABLE} or {@link Kind#IN_FLIGHT} the outcome is unknown, so the
 * same idempotency key must be used again. {@link Kind#IN_FLIGHT} is Stripe's 409: another request with the same
 * Idempotency-Key is still being worked on (e.g. two instances' sweeps); the first one may well succeed.
 */
public final class ProviderException extends RuntimeException {

  public enum Kind { TIMEOUT, UNAVAILABLE, IN_FLIGHT, REJECTED }

  private final Kind kind;
  private final String providerCode;

  public ProviderException(Kind kind, String providerCode, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.providerCode = providerCode;
  }

  /** The provider gave a definite no: nothing was done there under this key. */
  public static boolean refused(Throwable failure) {
    return failure instanceof ProviderException provider && provider.kind == Kind.REJECTED;
  }

  public Kind kind() {
    return kind;
  }

  public String providerCode() {
    return providerCode;
  }

  /** What the client sees: 504 after a timeout, 503 when the provider is down or busy, 502 when it refused. */
  public ApiException toProblem(String doing) {
    return switch (kind) {
      case TIMEOUT -> new ApiException(504, PaymentErrors.PAYMENT_PROVIDER_TIMEOUT, "Gateway timeout",
        "The payment provider did not answer in time while " + doing + ". Retrying the same request (with the same "
          + "Idempotency-Key, if it had one) is safe: the provider sees the same key.");
      case UNAVAILABLE -> new ApiException(503, PaymentErrors.PAYMENT_PROVIDER_UNAVAILABLE, "Service unavailable",
        "The payment provider is unavailable while " + doing + ". Retry shortly (with the same Idempotency-Key, if the "
          + "request had one).");
      case IN_FLIGHT -> new ApiException(503, PaymentErrors.PAYMENT_PROVIDER_UNAVAILABLE, "Service unavailable",
        "The payment provider is still working on the same request while " + doing + ". Retry shortly (with the same "
          + "Idempotency-Key, if the request had one).",
        null, java.util.Map.of("Retry-After", "2"));
      case REJECTED -> new ApiException(502, PaymentErrors.PAYMENT_PROVIDER_REJECTED, "Bad gateway",
        "The payment provider refused while " + doing + (providerCode == null ? "." : " (" + providerCode + ")."));
    };
  }

  /** Not a provider failure: passed through unchanged. */
  public static Throwable asProblem(Throwable failure, String doing) {
    return failure instanceof ProviderException provider ? provider.toProblem(doing) : failure;
  }
}
