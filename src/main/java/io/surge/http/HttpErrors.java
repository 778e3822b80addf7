package io.surge.http;

/**
 * The problem {@code code}s every domain shares (malformed requests, authentication, idempotency keys).
 * Clients and the OpenAPI document rely on the values: never change one.
 */
public final class HttpErrors {

  public static final String BAD_REQUEST = "bad_request";
  public static final String BODY_TOO_COMPLEX = "body_too_complex";
  public static final String BODY_TOO_LARGE = "body_too_large";
  public static final String CLIENT_ERROR = "client_error";
  public static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";
  public static final String FORBIDDEN = "forbidden";
  public static final String IDEMPOTENCY_KEY_IN_FLIGHT = "idempotency_key_in_flight";
  public static final String IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid";
  public static final String IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required";
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
  public static final String INTERNAL_ERROR = "internal_error";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String NOT_FOUND = "not_found";
  public static final String PRECONDITION_FAILED = "precondition_failed";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String VALIDATION_FAILED = "validation_failed";

  private HttpErrors() {
  }
}
