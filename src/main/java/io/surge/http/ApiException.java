package io.surge.http;

import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on: becomes an RFC 9457 problem with a stable {@code code}.
 * Carries no stack trace: it is control flow, not a bug.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String title, String detail,
    List<FieldError> errors, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors == null ? List.of() : errors;
    this.headers = headers == null ? Map.of() : headers;
  }

  public ApiException(int status, String code, String title, String detail) {
    this(status, code, title, detail, null, null);
  }

  public static ApiException badRequest(String code, String detail) {
    return new ApiException(400, code, "Bad request", detail);
  }

  /** A 400 with its own code about one header or query parameter: errors[] names it too. */
  public static ApiException badRequest(String code, String detail, String field) {
    return new ApiException(400, code, "Bad request", detail, List.of(FieldError.parameter(field, code, detail)), null);
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(400, HttpErrors.VALIDATION_FAILED, "Invalid request",
      "The request has invalid fields.", errors, null);
  }

  public static ApiException invalidField(String field, String code, String message) {
    return invalid(List.of(new FieldError(field, code, message)));
  }

  /** A query parameter or header the client must correct: errors[] names it as sent (its pointer is its name). */
  public static ApiException invalidParameter(String name, String code, String message) {
    return invalid(List.of(FieldError.parameter(name, code, message)));
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, HttpErrors.UNAUTHORIZED, "Unauthorized", detail, null,
      Map.of("WWW-Authenticate", "Bearer"));
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, HttpErrors.FORBIDDEN, "Forbidden", detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, HttpErrors.NOT_FOUND, "Not found", what + " was not found.");
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(409, code, "Conflict", detail);
  }

  public static ApiException preconditionFailed(String detail) {
    return new ApiException(412, HttpErrors.PRECONDITION_FAILED, "Precondition failed", detail);
  }

  public static ApiException unprocessable(String code, String detail) {
    return new ApiException(422, code, "Unprocessable request", detail);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(429, HttpErrors.RATE_LIMITED, "Too many requests",
      "Too many attempts; retry later.", null, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
