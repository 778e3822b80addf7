package io.surge.support.chat;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a reconnecting client missed, without duplicates: a {@code sync} sends the stored messages after the client's
 * last one while live copies of the same messages are held back, then dropped if the sync already sent them.
 */
final class ChatSync {

  private final ChatSocket socket;
  /** Per conversation: ids up to here were sent by a sync, so a live copy is a duplicate. */
  private final Map<String, Long> syncedUpTo = new HashMap<>();
  /** Per conversation being synced: live messages held back until the sync's own are out. */
  private final Map<String, List<ChatRelay.Envelope>> syncing = new HashMap<>();

  ChatSync(ChatSocket socket) {
    this.socket = socket;
  }

  Future<Void> sync(String id, UUID conversationId, long afterId) {
    String key = conversationId.toString();
    if (syncing.containsKey(key)) {
      return Future
        .failedFuture(ApiException.conflict(ChatErrors.SYNC_IN_PROGRESS, "This conversation is already being synced."));
    }
    syncing.put(key, new ArrayList<>());
    return socket.hub().conversations().sync(socket.caller(), conversationId, afterId)
      .onComplete(ar -> {
        List<ChatRelay.Envelope> held = syncing.remove(key);
        long last = afterId;
        if (ar.succeeded()) {
          JsonArray messages = ar.result().messages();
          for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            last = Math.max(last, message.getLong("id"));
            socket.send(ChatFrames.of("message").put("message", message));
          }
          syncedUpTo.merge(key, last, Math::max);
          JsonObject synced = ChatFrames.of("synced").put("conversation_id", key).put("last_message_id", last)
            .put("more", ar.result().more()).put("reads", ar.result().reads());
          socket.send(id == null ? synced : synced.put("id", id));
        }
        // a failed sync still lets the held live messages out: the client retries the sync itself
        for (ChatRelay.Envelope envelope : held) {
          push(envelope);
        }
      }).mapEmpty();
  }

  /** A relayed frame for this connection's user; frames without a message id (typing, presence) pass straight. */
  void push(ChatRelay.Envelope envelope) {
    if (envelope.messageId() > 0) {
      List<ChatRelay.Envelope> held = syncing.get(envelope.conversationId());
      if (held != null) {
        held.add(envelope);
        return;
      }
      Long synced = syncedUpTo.get(envelope.conversationId());
      if (synced != null && envelope.messageId() <= synced) {
        return;
      }
    }
    socket.write(envelope.frame());
  }
}
