package io.surge.support.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Fan-out across instances, routed: a frame for a user is published on that user's channel
 * ({@code surge:chat:u:<user id>}), a frame for every agent on {@code surge:chat:agents}, and only the instances that
 * hold a connection of that user (or an agent) are subscribed to it ({@link ChatChannels}); their hubs get it on the
 * local event bus. The sender's own instance hears it the same way, so every user's connections see one order.
 * Envelope: {@code recipient TAB conversation TAB message id (0: none)[/previous message id] TAB frame}, with the one
 * recipient of its channel (a user id or {@link #AGENTS}); the frame is encoded once for all of them. The previous
 * message id (the conversation's message before this one, 0 for the first) lets a connection see that one never
 * reached it ({@link ChatSync}); an envelope without it (from a version before it) is delivered as it comes.
 * Versions before routing published every frame, with a comma list of recipients, on {@link #LEGACY_CHANNEL}: it is
 * still heard (and silent once no such version runs), so a rolling upgrade loses no frame from the old instances.
 */
final class ChatRelay {

  static final String LEGACY_CHANNEL = "surge:chat:events";
  static final String AGENTS = "agents";
  private static final String USER_PREFIX = "surge:chat:u:";
  private static final String AGENTS_CHANNEL = "surge:chat:agents";

  /**
   * ARGV: channel, message, channel, message... Channels are not keys, so a cluster runs it on any node, and a PUBLISH
   * there reaches every node's subscribers. EVAL, not EVALSHA: Redis caches the compiled script by its digest, and
   * a Redis that restarted needs no reload.
   */
  private static final String PUBLISH_ALL = "for i = 1, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end "
    + "return #ARGV / 2";
  /** Copies per EVAL: a script runs alone on Redis's thread, so keep each one short. */
  private static final int PER_SCRIPT = 128;

  private final RedisAPI redis;

  ChatRelay(RedisAPI redis) {
    this.redis = redis;
  }

  /** The channel that carries the frames for a user id, or for every agent ({@link #AGENTS}). */
  static String channel(String recipient) {
    return AGENTS.equals(recipient) ? AGENTS_CHANNEL : USER_PREFIX + recipient;
  }

  /** A frame that is not a stored message (typing, presence, moves, queue length). */
  Future<Void> send(Collection<?> recipients, UUID conversationId, long messageId, JsonObject frame) {
    return send(recipients, conversationId, messageId, Envelope.UNKNOWN, frame);
  }

  /** A stored message, with the id of the one before it in its conversation: one copy per recipient's channel. */
  Future<Void> send(Collection<?> recipients, UUID conversationId, long messageId, long previousId, JsonObject frame) {
    Batch batch = new Batch();
    batch.add(recipients, conversationId, messageId, previousId, frame);
    return batch.publish();
  }

  /** Frames to publish together: one round trip to Redis for up to {@link #PER_SCRIPT} copies. */
  Batch batch() {
    return new Batch();
  }

  /**
   * Copies of frames, each for the channel of its one recipient, published by {@link #PUBLISH_ALL} in one EVAL per
   * {@link #PER_SCRIPT}: a frame for a customer and an agent, or every waiting customer's position, is one command,
   * not one per recipient (a rush of assignments at 10 001 connections overflowed the Redis pool's wait queue when
   * each copy was a PUBLISH of its own).
   */
  final class Batch {

    private final List<String> pairs = new ArrayList<>();

    /** A frame for these recipients (duplicates and nulls skipped); the frame is encoded once. */
    Batch add(Collection<?> recipients, UUID conversationId, long messageId, long previousId, JsonObject frame) {
      StringBuilder tail = new StringBuilder(256);
      tail.append('\t').append(conversationId == null ? "" : conversationId.toString()).append('\t')
        .append(messageId);
      if (previousId != Envelope.UNKNOWN) {
        tail.append('/').append(previousId);
      }
      String rest = tail.append('\t').append(frame.encode()).toString();
      Set<String> to = new LinkedHashSet<>();
      for (Object recipient : recipients) {
        if (recipient != null) {
          to.add(recipient.toString());
        }
      }
      for (String recipient : to) {
        pairs.add(channel(recipient));
        pairs.add(recipient + rest);
      }
      return this;
    }

    Future<Void> publish() {
      if (pairs.isEmpty()) {
        return Future.succeededFuture();
      }
      if (pairs.size() == 2) {
        return redis.publish(pairs.get(0), pairs.get(1)).mapEmpty();
      }
      List<Future<?>> published = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i += 2 * PER_SCRIPT) {
        List<String> args = new ArrayList<>(2 * PER_SCRIPT + 2);
        args.add(PUBLISH_ALL);
        args.add("0");
        args.addAll(pairs.subList(i, Math.min(pairs.size(), i + 2 * PER_SCRIPT)));
        published.add(redis.eval(args));
      }
      return Future.all(published).mapEmpty();
    }
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
