package io.surge.http;

import io.vertx.core.json.JsonObject;

/**
 * One field problem inside a problem's {@code errors[]}.
 *
 * @param field   the field as clients have always read it: a dotted path into the body ({@code lines.2.quantity}),
 *                or a query parameter's or header's name; kept for existing clients
 * @param pointer where a form shows the message: a JSON pointer into the body ({@code /lines/2/quantity}), or the
 *                query parameter's or header's name as sent; null when the problem is about no request field
 *                (a cart line's SKU at checkout)
 * @param code    stable, machine-readable: {@code required}, {@code too_long}, {@code pattern}, {@code enum}, ...
 * @param message for a person
 */
public record FieldError(String field, String pointer, String code, String message) {

  /** A problem with a body field, named by its dotted path ({@code address.city}). */
  public FieldError(String field, String code, String message) {
    this(field, bodyPointer(field), code, message);
  }

  /** A problem with a query parameter or header, named as the client sent it. */
  public static FieldError parameter(String name, String code, String message) {
    return new FieldError(name, name, code, message);
  }

  /** A problem at a JSON pointer into the body ({@code /lines/2/quantity}). */
  static FieldError at(String pointer, String code, String message) {
    String field = pointer.isEmpty() ? "body" : pointer.substring(1).replace('/', '.');
    return new FieldError(field, pointer, code, message);
  }

  /** {@code lines.2.quantity} becomes {@code /lines/2/quantity}; a SKU named at checkout ({@code sku:CODE}) is none. */
  private static String bodyPointer(String field) {
    if (field == null || field.startsWith("sku:")) {
      return null;
    }
    return "body".equals(field) ? "" : "/" + field.replace("~", "~0").replace("/", "~1").replace('.', '/');
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("field", field);
    if (pointer != null) {
      json.put("pointer", pointer);
    }
    return json.put("code", code).put("message", message);
  }
}
