package io.surge.support.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.util.Collection;
import java.util.UUID;

/**
 * Fan-out across instances: every frame for users goes through one Redis pub/sub channel that each
 * process's {@link ChatVerticle} listens to and hands to its {@link ChatHub}s on the local event bus
 * ({@link ChatBus#DELIVER}).
 * The sender's own instance hears it the same way, so every user's connections see one order.
 * Envelope: {@code recipients TAB conversation TAB message id (0: none) TAB frame}; a recipient is a
 * user id or {@link #AGENTS} (every connected agent).
 */
final class ChatRelay {

  static final String CHANNEL = "surge:chat:events";
  static final String AGENTS = "agents";

  private final RedisAPI redis;

  ChatRelay(RedisAPI redis) {
    this.redis = redis;
  }

  Future<Void> send(Collection<?> recipients, UUID conversationId, long messageId, JsonObject frame) {
    StringBuilder envelope = new StringBuilder(256);
    for (Object recipient : recipients) {
      if (recipient != null) {
        if (envelope.length() > 0) {
          envelope.append(',');
        }
        envelope.append(recipient);
      }
    }
    envelope.append('\t').append(conversationId == null ? "" : conversationId.toString())
      .append('\t').append(messageId).append('\t').append(frame.encode());
    return redis.publish(CHANNEL, envelope.toString()).mapEmpty();
  }

  /** An envelope taken apart by a hub. */
  record Envelope(String[] recipients, String conversationId, long messageId, String frame) {

    static Envelope parse(String raw) {
      int a = raw.indexOf('\t');
      int b = raw.indexOf('\t', a + 1);
      int c = raw.indexOf('\t', b + 1);
      return new Envelope(raw.substring(0, a).split(","), raw.substring(a + 1, b),
        Long.parseLong(raw.substring(b + 1, c)), raw.substring(c + 1));
    }
  }
}
