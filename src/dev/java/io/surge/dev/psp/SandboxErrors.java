package io.surge.dev.psp;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * Stripe's error body ({@code {"error": {"type", "code", "message", "param"}}}) and the parameters each operation
 * takes (a subset of what Stripe's API description lists for it): anything else is refused like Stripe refuses it,
 * 400 {@code parameter_unknown} naming the parameter.
 */
final class SandboxErrors {

  /** Top-level parameter names (before any {@code [}) per operation. */
  static final Map<String, Set<String>> PARAMS = Map.of(
    "POST /v1/payment_intents", Set.of("amount", "currency", "automatic_payment_methods", "metadata",
      "capture_method", "payment_method", "confirm", "description", "expand"),
    "POST /v1/payment_intents/{intent}/cancel", Set.of("cancellation_reason", "expand"),
    "POST /v1/payment_intents/{intent}/confirm", Set.of("client_secret", "payment_method", "return_url", "expand"),
    "POST /v1/refunds", Set.of("payment_intent", "amount", "metadata", "reason", "expand"),
    "GET /v1/payment_intents", Set.of("created", "limit", "starting_after", "ending_before", "expand"),
    "GET /v1/payment_intents/{intent}", Set.of("client_secret", "expand"),
    "GET /v1/refunds", Set.of("payment_intent", "limit", "starting_after", "ending_before", "expand"),
    "GET /v1/refunds/{refund}", Set.of("expand"));

  private SandboxErrors() {
  }

  static JsonObject error(String type, String code, String param, String message) {
    JsonObject error = new JsonObject().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    if (param != null) {
      error.put("param", param);
    }
    return new JsonObject().put("error", error);
  }

  static JsonObject invalid(String code, String param, String message) {
    return error("invalid_request_error", code, param, message);
  }

  static JsonObject missing(String what, String id) {
    return error("invalid_request_error", "resource_missing", "id", "No such " + what + ": '" + id + "'");
  }

  /** The first parameter the operation does not take, as Stripe's 400, or null. */
  static JsonObject unknownParameter(String operation, Iterable<String> names) {
    Set<String> known = PARAMS.getOrDefault(operation, Set.of());
    for (String name : names) {
      String top = name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
      if (!known.contains(top)) {
        return invalid("parameter_unknown", name, "Received unknown parameter: " + name);
      }
    }
    return null;
  }
}
