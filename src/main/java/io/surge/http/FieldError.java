package io.surge.http;

import io.vertx.core.json.JsonObject;

/** One field problem inside a problem's {@code errors[]}. */
public record FieldError(String field, String code, String message) {

  JsonObject toJson() {
    return new JsonObject().put("field", field).put("code", code).put("message", message);
  }
}
