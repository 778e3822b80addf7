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
 * Envelope: {@code recipients TAB conversation TAB message id (0: none)[/previous message id] TAB frame}; a recipient
 * is a user id or {@link #AGENTS} (every connected agent). The previous message id (the conversation's message before
 * this one, 0 for the first) lets a connection see that one never reached it ({@link ChatSync}); an envelope without
 * it (from a version before it) is delivered as it comes.
 */
final class ChatRelay {

  static final String CHANNEL = "surge:chat:events";
  static final String AGENTS = "agents";

  private final RedisAPI redis;

  ChatRelay(RedisAPI redis) {
    this.redis = redis;
  }

  /** A frame that is not a stored message (typing, presence, moves, queue length). */
  Future<Void> send(Collection<?> recipients, UUID conversationId, long messageId, JsonObject frame) {
    return send(recipients, conversationId, messageId, Envelope.UNKNOWN, frame);
  }

  /** A stored message, with the id of the one before it in its conversation. */
  Future<Void> send(Collection<?> recipients, UUID conversationId, long messageId, long previousId, JsonObject frame) {
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
      .append('\t').append(messageId);
    if (previousId != Envelope.UNKNOWN) {
      envelope.append('/').append(previousId);
    }
    envelope.append('\t').append(frame.encode());
    return redis.publish(CHANNEL, envelope.toString()).mapEmpty();
  }

  /** An envelope taken apart by a hub. */
  record Envelope(String[] recipients, String conversationId, long messageId, long previousId, String frame) {

    /** No previous message id: not a message, or sent by a version that did not name it. */
    static final long UNKNOWN = -1;

    static Envelope parse(String raw) {
      int a = raw.indexOf('\t');
      int b = raw.indexOf('\t', a + 1);
      int c = raw.indexOf('\t', b + 1);
      int slash = raw.indexOf('/', b + 1);
      boolean previous = slash > 0 && slash < c;
      return new Envelope(raw.substring(0, a).split(","), raw.substring(a + 1, b),
        Long.parseLong(raw.substring(b + 1, previous ? slash : c)),
        previous ? Long.parseLong(raw.substring(slash + 1, c)) : UNKNOWN, raw.substring(c + 1));
    }
  }
}
