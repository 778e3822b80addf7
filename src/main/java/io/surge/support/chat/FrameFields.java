package io.surge.support.chat;

import io.surge.http.ApiException;
import io.surge.http.StorableText;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Reads a client frame's fields; a missing or malformed one is a {@code validation_failed} error naming it. */
final class FrameFields {

  static final int MAX_CLIENT_ID = 100;

  private FrameFields() {
  }

  static String clientId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_ID) {
      throw ApiException.invalidField("id", "required",
        "This frame needs an id (1-" + MAX_CLIENT_ID + " characters) to acknowledge.");
    }
    return StorableText.require("id", id);
  }

  /** A message's text: present and not blank. */
  static String message(JsonObject frame, int maxChars) {
    String text = text(frame, "text", maxChars);
    if (text.isBlank()) {
      throw ApiException.invalidField("text", "blank", "A message needs some text.");
    }
    return text;
  }

  /** An optional first message (opening a conversation): null when absent. */
  static String optionalMessage(JsonObject frame, int maxChars) {
    return optionalText(frame, "text", maxChars);
  }

  static String optionalText(JsonObject frame, String field, int max) {
    return frame.getValue(field) == null ? null : text(frame, field, max);
  }

  static String text(JsonObject frame, String field, int max) {
    Object value = frame.getValue(field);
    if (!(value instanceof String text)) {
      throw ApiException.invalidField(field, "required", field + " must be a string.");
    }
    if (text.length() > max) {
      throw ApiException.invalidField(field, "too_long", field + " has at most " + max + " characters.");
    }
    return StorableText.require(field, text);
  }

  static long number(JsonObject frame, String field) {
    if (!(frame.getValue(field) instanceof Number number) || number.longValue() < 0) {
      throw ApiException.invalidField(field, "required", field + " must be a non-negative number.");
    }
    return number.longValue();
  }

  static UUID conversation(JsonObject frame) {
    return uuid(frame, "conversation_id");
  }

  static UUID uuid(JsonObject frame, String field) {
    UUID id = uuidOrNull(frame, field);
    if (id == null) {
      throw ApiException.invalidField(field, "required", field + " must be an id.");
    }
    return id;
  }

  static UUID uuidOrNull(JsonObject frame, String field) {
    Object value = frame.getValue(field);
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof String text && text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ApiException.invalidField(field, "invalid", field + " must be an id.");
  }
}
