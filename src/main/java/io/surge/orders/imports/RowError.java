package io.surge.orders.imports;

/** Why a line was refused, naming the field; thrown by the parser (no stack trace: it is an answer, not a bug). */
final class RowError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final String field;

  RowError(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  static RowError invalid(String field, String message) {
    return new RowError("validation_failed", field, message);
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
