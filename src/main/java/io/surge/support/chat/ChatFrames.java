package io.surge.support.chat;

import io.surge.http.ApiException;
import io.vertx.core.json.JsonObject;

/** Frames the server sends (protocol version 1; documented in webroot/support/PROTOCOL.md). */
final class ChatFrames {

  static final int VERSION = 1;

  private ChatFrames() {
  }

  static JsonObject of(String type) {
    return new JsonObject().put("v", VERSION).put("type", type);
  }

  static JsonObject ack(String clientId) {
    return of("ack").put("id", clientId);
  }

  static JsonObject error(String clientId, String code, String message) {
    JsonObject frame = of("error").put("code", code).put("message", message);
    return clientId == null ? frame : frame.put("id", clientId);
  }

  static JsonObject error(String clientId, ApiException e) {
    return error(clientId, e.code(), e.getMessage()).put("status", e.status());
  }
}
