package io.surge.support.chat;

import io.surge.http.ApiException;
import io.surge.support.chat.Conversations.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static io.surge.support.chat.FrameFields.conversation;
import static io.surge.support.chat.FrameFields.uuid;

/**
 * The desk's frames: an agent's availability, and the moves of a conversation (take, transfer, pending, resolve,
 * reopen). {@link Conversations} decides who may make each move (a customer may resolve and reopen their own); this
 * class only reads the frame and acknowledges the conversation as it now stands.
 */
final class AgentDesk {

  private final ChatSocket socket;

  AgentDesk(ChatSocket socket) {
    this.socket = socket;
  }

  Future<Void> move(String type, String id, JsonObject frame) {
    Conversations conversations = socket.hub().conversations();
    Caller caller = socket.caller();
    UUID conversationId = conversation(frame);
    Future<JsonObject> moved = switch (type) {
      case "take" -> conversations.take(caller, conversationId);
      case "transfer" -> conversations.transfer(caller, conversationId, uuid(frame, "agent_id"));
      case "pending" -> conversations.pending(caller, conversationId);
      case "resolve" -> conversations.resolve(caller, conversationId);
      case "reopen" -> conversations.reopen(caller, conversationId);
      default -> throw new IllegalArgumentException("not a desk move: " + type);
    };
    return moved.onSuccess(view -> socket.ackConversation(id, view)).mapEmpty();
  }

  /** An agent on a break keeps the console open but gets no new conversations until available again. */
  Future<Void> availability(String id, JsonObject frame) {
    if (!socket.caller().agent()) {
      return Future.failedFuture(ApiException.forbidden("Only agents set their availability."));
    }
    if (!(frame.getValue("available") instanceof Boolean wanted)) {
      return Future
        .failedFuture(ApiException.invalidField("available", "required", "available must be true or false."));
    }
    socket.available(wanted);
    return socket.hub().availabilityChanged(socket)
      .onSuccess(v -> socket.ackIfAsked(id, new JsonObject().put("available", wanted)));
  }
}
