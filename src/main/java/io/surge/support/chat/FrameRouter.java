package io.surge.support.chat;

import io.surge.http.ApiException;
import io.surge.support.chat.Conversations.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import static io.surge.support.chat.FrameFields.clientId;
import static io.surge.support.chat.FrameFields.conversation;
import static io.surge.support.chat.FrameFields.number;
import static io.surge.support.chat.FrameFields.optionalText;
import static io.surge.support.chat.FrameFields.text;
import static io.surge.support.chat.FrameFields.uuidOrNull;

/**
 * Reads each client frame in order: the rate limit first (a flood costs no parsing), then the envelope (one JSON
 * object, this protocol version, a hello before anything else), then the handler for its type. The customer's own
 * frames are answered here; the desk's moves go to {@link AgentDesk}.
 */
final class FrameRouter {

  private final ChatSocket socket;
  private final ChatSignIn signIn;
  private final ChatSync sync;
  private final AgentDesk desk;
  private final FrameRateLimit limit;
  private final ChatSettings settings;

  FrameRouter(ChatSocket socket, ChatSignIn signIn, ChatSync sync, AgentDesk desk, FrameRateLimit limit) {
    this.socket = socket;
    this.signIn = signIn;
    this.sync = sync;
    this.desk = desk;
    this.limit = limit;
    this.settings = socket.settings();
  }

  void onText(String text) {
    if (!limit.allowed()) {
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      socket.send(ChatFrames.error(null, ChatErrors.BAD_FRAME, "A frame is one JSON object."));
      return;
    }
    String id = frame.getValue("id") instanceof String s ? s : null;
    if (!Integer.valueOf(ChatFrames.VERSION).equals(frame.getValue("v"))) {
      socket.send(ChatFrames.error(id, ChatErrors.UNSUPPORTED_VERSION,
        "This server speaks protocol version " + ChatFrames.VERSION + "."));
      return;
    }
    String type = frame.getValue("type") instanceof String s ? s : "";
    if (socket.caller() == null && !"hello".equals(type)) {
      socket.send(ChatFrames.error(id, ChatErrors.HELLO_REQUIRED, "Say hello with an access token first."));
      socket.close(CloseCodes.POLICY, "hello required");
      return;
    }
    socket.reading();
    try {
      dispatch(type, id, frame).onFailure(e -> socket.failed(id, e)).onComplete(ar -> socket.answered());
    } catch (RuntimeException e) {
      socket.answered();
      // a field check (FrameFields) throws before any future exists
      socket.failed(id, e);
    }
  }

  private Future<?> dispatch(String type, String id, JsonObject frame) {
    Conversations conversations = socket.hub().conversations();
    Caller caller = socket.caller();
    return switch (type) {
      case "hello" -> signIn.hello(id, text(frame, "token", 8192));
      case "open" -> conversations.open(caller, clientId(id), uuidOrNull(frame, "order_id"),
        optionalText(frame, "subject", 200), FrameFields.optionalMessage(frame, settings.maxTextChars()))
        .onSuccess(view -> socket.send(ChatFrames.ack(id).put("conversation", view)));
      case "message" -> post(id, frame);
      case "typing" -> conversations.typing(caller, conversation(frame), Boolean.TRUE.equals(frame.getValue("typing")));
      case "read" -> conversations.read(caller, conversation(frame), number(frame, "message_id"))
        .onSuccess(receipt -> socket.ackIfAsked(id, receipt));
      case "presence" -> desk.availability(id, frame);
      case "sync" -> sync.sync(id, conversation(frame), number(frame, "after_id"));
      case "take", "transfer", "pending", "resolve", "reopen" -> desk.move(type, id, frame);
      default ->
        Future.failedFuture(ApiException.badRequest(ChatErrors.UNKNOWN_TYPE, "Unknown frame type '" + type + "'."));
    };
  }

  private Future<?> post(String id, JsonObject frame) {
    return socket.hub().conversations()
      .post(socket.caller(), conversation(frame), clientId(id), FrameFields.message(frame, settings.maxTextChars()))
      .onSuccess(posted -> {
        // a retried frame (same id) is answered again but counted once
        if (!posted.duplicate()) {
          ChatMeters.posted();
        }
      })
      .onSuccess(posted -> socket.send(ChatFrames.ack(id)
        .put("conversation_id", posted.message().getString("conversation_id"))
        .put("message_id", posted.message().getLong("id")).put("at", posted.message().getString("at"))
        .put("duplicate", posted.duplicate())));
  }
}
