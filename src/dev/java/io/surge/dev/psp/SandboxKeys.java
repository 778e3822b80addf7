package io.surge.dev.psp;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Idempotency as Stripe documents it: a key's first result is replayed for every later request with it, for
 * 24 hours; the same key with other parameters (or on another endpoint) is a 400 {@code idempotency_error}; a
 * request arriving while another with its key is still being answered gets 409 and changes nothing; a request
 * refused for its parameters leaves nothing saved. Touched only on the sandbox server's event loop.
 */
final class SandboxKeys {

  static final long LIFETIME_SECONDS = 24 * 3600;

  private record Saved(String fingerprint, int status, JsonObject body, long savedAt) {
  }

  private final Map<String, Saved> saved = new HashMap<>();
  private final Map<String, String> inFlight = new HashMap<>();

  /** The request's identity for its key: endpoint and parameters, in a stable order. */
  static String fingerprint(String endpoint, Map<String, String> params) {
    return endpoint + " " + new TreeMap<>(params);
  }

  /** What to answer at once instead of doing the work (a replay or an error), or null to go ahead. */
  JsonObject before(String key, String fingerprint, long nowSeconds) {
    Saved earlier = saved.get(key);
    if (earlier != null && nowSeconds - earlier.savedAt() >= LIFETIME_SECONDS) {
      saved.remove(key);
      earlier = null;
    }
    if (inFlight.containsKey(key)) {
      return answer(409, SandboxErrors.error("invalid_request_error", "idempotency_key_in_use", null,
        "There is currently another in-progress request using this Idempotency-Key. Please try again later."));
    }
    if (earlier != null && !earlier.fingerprint().equals(fingerprint)) {
      return answer(400, SandboxErrors.error("idempotency_error", null, null,
        "Keys for idempotent requests can only be used with the same parameters they were first used with."));
    }
    if (earlier != null) {
      return answer(earlier.status(), earlier.body());
    }
    inFlight.put(key, fingerprint);
    return null;
  }

  /** The work is done: saved now (unless refused for its parameters), in flight until the answer has left. */
  void done(String key, int status, JsonObject body, long nowSeconds) {
    if (status != 400) {
      saved.put(key, new Saved(inFlight.get(key), status, body, nowSeconds));
    }
  }

  void answered(String key) {
    inFlight.remove(key);
  }

  Set<String> keys() {
    return saved.keySet();
  }

  void clear() {
    saved.clear();
    inFlight.clear();
  }

  static JsonObject answer(int status, JsonObject body) {
    return new JsonObject().put("status", status).put("body", body);
  }
}
