package io.surge.support.chat;

/**
 * The problem {@code code}s of support chat, in problem bodies and in {@code error} frames.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class ChatErrors {

  static final String ALREADY_RESOLVED = "already_resolved";
  static final String AT_CAPACITY = "at_capacity";
  static final String BAD_FRAME = "bad_frame";
  static final String CONVERSATION_RESOLVED = "conversation_resolved";
  static final String FORBIDDEN = "forbidden";
  static final String HELLO_IN_PROGRESS = "hello_in_progress";
  static final String HELLO_REQUIRED = "hello_required";
  static final String INTERNAL = "internal";
  static final String NOT_AN_AGENT = "not_an_agent";
  static final String NOT_OPEN = "not_open";
  static final String NOT_QUEUED = "not_queued";
  static final String NOT_RESOLVED = "not_resolved";
  static final String RATE_LIMITED = "rate_limited";
  static final String SAME_AGENT = "same_agent";
  static final String SESSION_ENDED = "session_ended";
  static final String SYNC_IN_PROGRESS = "sync_in_progress";
  static final String TOKEN_EXPIRED = "token_expired";
  static final String TOO_MANY_CONNECTIONS = "too_many_connections";
  static final String TOO_MANY_CONVERSATIONS = "too_many_conversations";
  static final String UNKNOWN_TYPE = "unknown_type";
  static final String UNSUPPORTED_VERSION = "unsupported_version";

  private ChatErrors() {
  }
}
