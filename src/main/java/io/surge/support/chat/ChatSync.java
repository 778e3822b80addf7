package io.surge.support.chat;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Each message once per connection, and none skipped: what makes "sync from the highest id you saw" after a reconnect
 * recover everything (PROTOCOL.md).
 * <p>
 * Once a conversation is synced on a connection, the connection keeps a cursor: every message up to it was sent (or
 * the client said it had it). A live message is sent only when the one before it in the conversation (the relay names
 * it) is at or below the cursor. Otherwise one never reached this connection (announced by another process that
 * stopped before it could, or still on its way through another Redis connection): the messages after the cursor are
 * read from PostgreSQL first, in order. So a client never sees a message before an earlier one, and the highest id it
 * saw is a safe place to sync from, even when the connection ends in the middle of a stream.
 * <p>
 * While a conversation is read from PostgreSQL (the client's {@code sync}, or such a catch-up), its live messages are
 * held back, then dropped if the read already sent them. Before a conversation's first sync, live messages go out as
 * they come, and their ids are kept so the sync does not send them again; for the conversations the welcome listed,
 * they first wait for that sync (see {@link #awaitingSync}).
 */
final class ChatSync {

  /** Ids sent live before a sync, kept per conversation: enough for the moments between a welcome and its syncs. */
  private static final int REMEMBERED = 256;

  private final ChatSocket socket;
  /** Per conversation synced on this connection: every message up to here was sent or was the client's already. */
  private final Map<String, Long> cursor = new HashMap<>();
  /** Per conversation not synced yet: the ids sent live, so a sync does not send them again. */
  private final Map<String, TreeSet<Long>> sentLive = new HashMap<>();
  /** Per conversation being read from PostgreSQL: the read, and the live messages held back until it is done. */
  private final Map<String, Reading> reading = new HashMap<>();

  /**
   * Per conversation the welcome listed and the client has not synced yet: its live messages, held back. Sent as they
   * came, one could move the client's "highest id seen" past a message written while it was away, before its sync
   * asked for that one: a connection ending in that round trip would resume past it for good. The client's sync sends
   * them in order (dropping those its read sent); a client that does not sync gets them after {@link #AWAIT_SYNC_MS}.
   */
  private final Map<String, List<ChatRelay.Envelope>> awaitingSync = new HashMap<>();

  /** How long the live messages of a welcomed conversation wait for the client's sync. */
  static final long AWAIT_SYNC_MS = 5_000;

  private record Reading(boolean asked, List<ChatRelay.Envelope> held, Promise<Void> done) {
  }

  ChatSync(ChatSocket socket) {
    this.socket = socket;
  }

  /** The client's {@code sync}: the messages after {@code afterId} it has not had on this connection, then synced. */
  Future<Void> sync(String id, UUID conversationId, long afterId) {
    Reading busy = reading.get(conversationId.toString());
    if (busy != null && busy.asked()) {
      return Future
        .failedFuture(ApiException.conflict(ChatErrors.SYNC_IN_PROGRESS, "This conversation is already being synced."));
    }
    if (busy != null) {
      // a catch-up of this connection's own is under way: the client's sync follows it
      return busy.done().future().transform(v -> sync(id, conversationId, afterId));
    }
    List<ChatRelay.Envelope> waited = awaitingSync.remove(conversationId.toString());
    return read(id, conversationId, afterId, true, waited == null ? new ArrayList<>() : waited);
  }

  /**
   * The welcome listed these conversations: hold their live messages until the client syncs each one (or for
   * {@link #AWAIT_SYNC_MS}). Conversations already synced on this connection (a welcome after a token refresh) go on
   * as they are.
   */
  void awaitSync(List<String> conversationIds) {
    List<String> held = new ArrayList<>();
    for (String key : conversationIds) {
      if (!cursor.containsKey(key) && !reading.containsKey(key) && !awaitingSync.containsKey(key)) {
        awaitingSync.put(key, new ArrayList<>());
        held.add(key);
      }
    }
    if (!held.isEmpty()) {
      socket.hub().infra().vertx().setTimer(AWAIT_SYNC_MS, t -> held.forEach(this::stopWaiting));
    }
  }

  /** No sync came (or too much is held): the held live messages go out as they came. */
  private void stopWaiting(String key) {
    List<ChatRelay.Envelope> waited = awaitingSync.remove(key);
    if (waited != null) {
      waited.forEach(this::push);
    }
  }

  /** A relayed frame for this connection's user; frames without a message id (typing, presence) pass straight. */
  void push(ChatRelay.Envelope envelope) {
    String key = envelope.conversationId();
    if (envelope.messageId() <= 0) {
      socket.write(envelope.frame());
      return;
    }
    Reading busy = reading.get(key);
    if (busy != null) {
      busy.held().add(envelope);
      return;
    }
    List<ChatRelay.Envelope> waiting = awaitingSync.get(key);
    if (waiting != null) {
      waiting.add(envelope);
      if (waiting.size() > REMEMBERED) {
        stopWaiting(key);
      }
      return;
    }
    Long upTo = cursor.get(key);
    if (upTo == null) {
      TreeSet<Long> sent = sentLive.computeIfAbsent(key, k -> new TreeSet<>());
      if (sent.add(envelope.messageId())) {
        if (sent.size() > REMEMBERED) {
          sent.pollFirst();
        }
        socket.write(envelope.frame());
      }
      return;
    }
    if (envelope.messageId() <= upTo) {
      return;
    }
    if (envelope.previousId() > upTo) {
      // an earlier message never reached this connection (yet): read what follows the cursor, then this one
      List<ChatRelay.Envelope> held = new ArrayList<>();
      held.add(envelope);
      read(null, UUID.fromString(key), upTo, false, held);
      return;
    }
    cursor.put(key, envelope.messageId());
    socket.write(envelope.frame());
  }

  /**
   * Sends the stored messages after {@code afterId} that this connection has not sent, moves the cursor past them,
   * then lets the held live messages out. {@code asked}: the client's sync (answered with {@code synced}); otherwise
   * a catch-up, which reads on while more remain, and on failure tells the client to sync ({@code resync}).
   */
  private Future<Void> read(String id, UUID conversationId, long afterId, boolean asked,
    List<ChatRelay.Envelope> held) {
    String key = conversationId.toString();
    Reading current = new Reading(asked, held, Promise.promise());
    reading.put(key, current);
    return socket.hub().conversations().sync(socket.caller(), conversationId, afterId).onComplete(ar -> {
      reading.remove(key);
      boolean more = false;
      if (ar.succeeded()) {
        Long had = cursor.get(key);
        TreeSet<Long> sent = sentLive.remove(key);
        long last = Math.max(afterId, had == null ? 0 : had);
        JsonArray messages = ar.result().messages();
        for (int i = 0; i < messages.size(); i++) {
          JsonObject message = messages.getJsonObject(i);
          long messageId = message.getLong("id");
          if ((had == null || messageId > had) && (sent == null || !sent.contains(messageId))) {
            socket.send(ChatFrames.of("message").put("message", message));
          }
          last = Math.max(last, messageId);
        }
        cursor.put(key, last);
        more = ar.result().more();
        if (asked) {
          JsonObject synced = ChatFrames.of("synced").put("conversation_id", key).put("last_message_id", last)
            .put("more", more).put("reads", ar.result().reads());
          socket.send(id == null ? synced : synced.put("id", id));
        }
      } else if (!asked) {
        // the live messages go out as they come, and the client fills the gap with its own sync
        cursor.remove(key);
        socket.send(ChatFrames.of("resync"));
      }
      if (more && !asked && !socket.closing()) {
        read(null, conversationId, cursor.get(key), false, current.held()).onComplete(v -> current.done().complete());
        return;
      }
      current.done().complete();
      // a failed sync still lets the held live messages out: the client retries the sync itself
      for (ChatRelay.Envelope envelope : current.held()) {
        push(envelope);
      }
    }).mapEmpty();
  }
}
