package io.surge.support.chat;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.surge.auth.AccessTokens;
import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.support.chat.Conversations.Caller;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.surge.support.chat.FrameFields.clientId;
import static io.surge.support.chat.FrameFields.conversation;
import static io.surge.support.chat.FrameFields.number;
import static io.surge.support.chat.FrameFields.optionalText;
import static io.surge.support.chat.FrameFields.text;
import static io.surge.support.chat.FrameFields.uuid;
import static io.surge.support.chat.FrameFields.uuidOrNull;

/**
 * One chat connection: the {@code hello} that authenticates it, a token bucket on everything it
 * sends, and the dispatch of each client frame. Close codes: {@link CloseCodes}.
 */
final class ChatSocket {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
  /** Frames dropped in a row by the rate limit before the connection is closed. */
  private static final int FLOOD_CLOSE = 200;

  private final ChatHub hub;
  private final ServerWebSocket ws;
  private final ChatSettings settings;
  private final long openedAt = System.currentTimeMillis();
  private long lastHeard = openedAt;
  private long lastPing = openedAt;
  private final FrameBucket bucket;
  private long lastLimitError;
  private String userId;
  private Caller caller;
  private boolean registered;
  private boolean closing;
  /** A hello is being verified: a second one must not register the connection twice. */
  private boolean greeting;
  private boolean available;
  private long tokenExpiresAt;
  /** The token that greeted (or last renewed) this connection: it must stay good while the connection lives. */
  private User token;
  private long expiryTimer = -1;
  /** Per conversation: ids up to here were sent by a sync, so a live copy is a duplicate. */
  private final Map<String, Long> syncedUpTo = new HashMap<>();
  /** Per conversation being synced: live messages held back until the sync's own are out. */
  private final Map<String, List<ChatRelay.Envelope>> syncing = new HashMap<>();

  ChatSocket(ChatHub hub, ServerWebSocket ws) {
    this.hub = hub;
    this.ws = ws;
    this.settings = hub.settings();
    this.bucket = new FrameBucket(settings.ratePerSecond(), settings.burst());
  }

  void start() {
    ChatMeters.connected();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(data -> close(CloseCodes.TEXT_ONLY, "text frames only"));
    ws.pongHandler(data -> lastHeard = System.currentTimeMillis());
    ws.exceptionHandler(this::failed);
    ws.closeHandler(v -> {
      closing = true;
      ChatMeters.disconnected();
      hub.infra().vertx().cancelTimer(expiryTimer);
      hub.closed(this);
    });
    String authorization = ws.headers().get("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      hello(null, authorization.substring(7)).onFailure(e -> failed(null, e));
    }
  }

  String userId() {
    return userId;
  }

  boolean agent() {
    return caller != null && caller.agent();
  }

  boolean available() {
    return available;
  }

  boolean registered() {
    return registered;
  }

  private void onText(String text) {
    lastHeard = System.currentTimeMillis();
    if (!allowed()) {
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      send(ChatFrames.error(null, ChatErrors.BAD_FRAME, "A frame is one JSON object."));
      return;
    }
    String id = frame.getValue("id") instanceof String s ? s : null;
    if (!Integer.valueOf(ChatFrames.VERSION).equals(frame.getValue("v"))) {
      send(ChatFrames.error(id, ChatErrors.UNSUPPORTED_VERSION,
        "This server speaks protocol version " + ChatFrames.VERSION + "."));
      return;
    }
    String type = frame.getValue("type") instanceof String s ? s : "";
    if (caller == null && !"hello".equals(type)) {
      send(ChatFrames.error(id, ChatErrors.HELLO_REQUIRED, "Say hello with an access token first."));
      close(CloseCodes.POLICY, "hello required");
      return;
    }
    try {
      dispatch(type, id, frame).onFailure(e -> failed(id, e));
    } catch (RuntimeException e) {
      failed(id, e);
    }
  }

  private Future<?> dispatch(String type, String id, JsonObject frame) {
    Conversations desk = hub.conversations();
    return switch (type) {
      case "hello" -> hello(id, text(frame, "token", 8192));
      case "open" -> desk.open(caller, clientId(id), uuidOrNull(frame, "order_id"), optionalText(frame, "subject", 200),
        FrameFields.optionalMessage(frame, settings.maxTextChars()))
        .onSuccess(view -> send(ChatFrames.ack(id).put("conversation", view)));
      case "message" ->
        desk.post(caller, conversation(frame), clientId(id), FrameFields.message(frame, settings.maxTextChars()))
          .onSuccess(posted -> {
            if (!posted.duplicate()) {
              ChatMeters.posted();
            }
          })
          .onSuccess(
            posted -> send(ChatFrames.ack(id).put("conversation_id", posted.message().getString("conversation_id"))
              .put("message_id", posted.message().getLong("id")).put("at", posted.message().getString("at"))
              .put("duplicate", posted.duplicate())));
      case "typing" -> desk.typing(caller, conversation(frame), Boolean.TRUE.equals(frame.getValue("typing")));
      case "read" -> desk.read(caller, conversation(frame), number(frame, "message_id"))
        .onSuccess(receipt -> ackIfAsked(id, receipt));
      case "presence" -> availability(id, frame);
      case "sync" -> sync(id, conversation(frame), number(frame, "after_id"));
      case "take" -> desk.take(caller, conversation(frame)).onSuccess(view -> ackConversation(id, view));
      case "transfer" -> desk.transfer(caller, conversation(frame), uuid(frame, "agent_id"))
        .onSuccess(view -> ackConversation(id, view));
      case "pending" -> desk.pending(caller, conversation(frame)).onSuccess(view -> ackConversation(id, view));
      case "resolve" -> desk.resolve(caller, conversation(frame)).onSuccess(view -> ackConversation(id, view));
      case "reopen" -> desk.reopen(caller, conversation(frame)).onSuccess(view -> ackConversation(id, view));
      default ->
        Future.failedFuture(ApiException.badRequest(ChatErrors.UNKNOWN_TYPE, "Unknown frame type '" + type + "'."));
    };
  }

  // ---- hello ----

  private Future<Void> hello(String id, String token) {
    if (greeting) {
      return Future.failedFuture(
        ApiException.conflict(ChatErrors.HELLO_IN_PROGRESS, "The previous hello is still being checked."));
    }
    greeting = true;
    return hub.infra().accessTokens().authenticate(new TokenCredentials(token))
      .onComplete(ar -> greeting = false)
      .recover(e -> Future
        .failedFuture(new ApiException(401, HttpErrors.UNAUTHORIZED, "Unauthorized", "The access token is not valid.")))
      .compose(user -> {
        if (closing) {
          // gone while its token was checked: never registered, nothing to undo
          return Future.succeededFuture();
        }
        if (caller != null) {
          return renewed(id, user);
        }
        JsonArray roles = user.principal().getJsonArray("roles", new JsonArray());
        boolean agent = roles.contains(Roles.AGENT);
        if (!agent && !roles.contains(Roles.CUSTOMER)) {
          send(ChatFrames.error(id, ChatErrors.FORBIDDEN, "Support chat is for customers and agents."));
          close(CloseCodes.POLICY, "not a customer or agent");
          return Future.succeededFuture();
        }
        userId = user.subject();
        caller = new Caller(UUID.fromString(userId), agent);
        holdToken(user);
        if (!hub.register(this)) {
          send(ChatFrames.error(id, ChatErrors.TOO_MANY_CONNECTIONS,
            "At most " + settings.maxConnectionsPerUser() + " chat connections per user."));
          close(CloseCodes.POLICY, "too many connections");
          return Future.succeededFuture();
        }
        registered = true;
        if (!agent) {
          return welcome(id);
        }
        available = true;
        return hub.availabilityChanged(this).compose(v -> welcome(id));
      });
  }

  /** A fresh token for the same user extends the connection past the old token's expiry. */
  private Future<Void> renewed(String id, User user) {
    if (!userId.equals(user.subject())) {
      return Future.failedFuture(ApiException.forbidden("A connection belongs to one user."));
    }
    holdToken(user);
    ackIfAsked(id, new JsonObject());
    return Future.succeededFuture();
  }

  /** The connection lives on this token: it is closed the moment the token expires (or its session ends). */
  private void holdToken(User user) {
    token = user;
    tokenExpiresAt = AccessTokens.expiresAtMillis(user);
    hub.infra().vertx().cancelTimer(expiryTimer);
    expiryTimer = hub.infra().vertx().setTimer(Math.max(1, tokenExpiresAt - System.currentTimeMillis()),
      id -> sweep(System.currentTimeMillis()));
  }

  /** A session of this user ended somewhere: close this connection if it was greeted with one of its tokens. */
  void sessionEnded() {
    if (!closing && token != null && hub.infra().accessTokens().sessions().ended(token)) {
      send(ChatFrames.error(null, ChatErrors.SESSION_ENDED, "This session has ended; log in again."));
      close(CloseCodes.POLICY, "session ended");
    }
  }

  private Future<Void> welcome(String id) {
    String sql = caller.agent() ? ChatSql.FOR_AGENT : ChatSql.FOR_CUSTOMER;
    return hub.infra().pg().preparedQuery(sql).execute(Tuple.of(caller.id())).compose(rows -> {
      JsonArray conversations = ChatJson.conversations(rows);
      JsonObject welcome = ChatFrames.of("welcome").put("user_id", userId)
        .put("role", caller.agent() ? "agent" : "customer")
        .put("conversations", conversations)
        .put("limits", new JsonObject().put("max_text_chars", settings.maxTextChars())
          .put("messages_per_second", settings.ratePerSecond()).put("burst", settings.burst())
          .put("max_frame_bytes", settings.maxFrameBytes()).put("ping_seconds", settings.pingSeconds()));
      if (id != null) {
        welcome.put("id", id);
      }
      send(welcome);
      announcePresence(Presence.ONLINE, conversations);
      if (caller.agent()) {
        hub.conversations().announceQueue();
      }
      return Future.<Void>succeededFuture();
    });
  }

  /** Whether the user just came (hello) or went (their last connection here closed). */
  enum Presence {
    ONLINE, OFFLINE
  }

  /** Tells the other sides that this user went. */
  void announceGone() {
    if (caller == null) {
      return;
    }
    String sql = caller.agent() ? ChatSql.FOR_AGENT : ChatSql.FOR_CUSTOMER;
    hub.infra().pg().preparedQuery(sql).execute(Tuple.of(caller.id()))
      .onSuccess(rows -> announcePresence(Presence.OFFLINE, ChatJson.conversations(rows)));
  }

  /** Tells the other side of each live conversation that this user came or went. */
  private void announcePresence(Presence presence, JsonArray conversations) {
    ChatRelay relay = hub.relay();
    for (int i = 0; i < conversations.size(); i++) {
      JsonObject conversation = conversations.getJsonObject(i);
      String other = caller.agent() ? conversation.getString("customer_id") : conversation.getString("agent_id");
      if (other == null || "resolved".equals(conversation.getString("status"))) {
        continue;
      }
      relay.send(List.of(other), UUID.fromString(conversation.getString("id")), 0, ChatFrames.of("presence")
        .put("conversation_id", conversation.getString("id")).put("user_id", userId)
        .put("role", caller.agent() ? "agent" : "customer").put("online", presence == Presence.ONLINE));
    }
  }

  /** An agent on a break keeps the console open but gets no new conversations until available again. */
  private Future<Void> availability(String id, JsonObject frame) {
    if (!caller.agent()) {
      return Future.failedFuture(ApiException.forbidden("Only agents set their availability."));
    }
    if (!(frame.getValue("available") instanceof Boolean wanted)) {
      return Future
        .failedFuture(ApiException.invalidField("available", "required", "available must be true or false."));
    }
    available = wanted;
    return hub.availabilityChanged(this).onSuccess(v -> ackIfAsked(id, new JsonObject().put("available", wanted)));
  }

  // ---- sync: what was missed, without duplicates ----

  private Future<Void> sync(String id, UUID conversationId, long afterId) {
    String key = conversationId.toString();
    if (syncing.containsKey(key)) {
      return Future
        .failedFuture(ApiException.conflict(ChatErrors.SYNC_IN_PROGRESS, "This conversation is already being synced."));
    }
    syncing.put(key, new ArrayList<>());
    return hub.conversations().sync(caller, conversationId, afterId)
      .onComplete(ar -> {
        List<ChatRelay.Envelope> held = syncing.remove(key);
        long last = afterId;
        if (ar.succeeded()) {
          JsonArray messages = ar.result().messages();
          for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            last = Math.max(last, message.getLong("id"));
            send(ChatFrames.of("message").put("message", message));
          }
          syncedUpTo.merge(key, last, Math::max);
          JsonObject synced = ChatFrames.of("synced").put("conversation_id", key).put("last_message_id", last)
            .put("more", ar.result().more()).put("reads", ar.result().reads());
          send(id == null ? synced : synced.put("id", id));
        }
        for (ChatRelay.Envelope envelope : held) {
          push(envelope);
        }
      }).mapEmpty();
  }

  /** A relayed frame for this connection's user. */
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
    write(envelope.frame());
  }

  void send(JsonObject frame) {
    write(frame.encode());
  }

  private void write(String text) {
    // ws.isClosed(): an answer can come back after the client left (e.g. a frame failed while the server shut down);
    // writeQueueFull() would throw on a closed socket, and the answer has no one to go to anyway.
    if (closing || ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      close(CloseCodes.TRY_AGAIN_LATER, "reading too slowly; reconnect and sync");
      return;
    }
    ws.writeTextMessage(text);
  }

  // ---- limits ----

  /** Token bucket: a burst, then a steady rate; a sustained flood closes the connection. */
  private boolean allowed() {
    if (bucket.take()) {
      return true;
    }
    if (bucket.droppedInARow() >= FLOOD_CLOSE) {
      close(CloseCodes.POLICY, "message rate limit");
    } else if (System.currentTimeMillis() - lastLimitError >= 1000) {
      lastLimitError = System.currentTimeMillis();
      send(ChatFrames.error(null, ChatErrors.RATE_LIMITED,
        "Too many frames; at most " + java.math.BigDecimal.valueOf(settings.ratePerSecond())
          .stripTrailingZeros().toPlainString()
          + " per second. Dropped frames were not processed; retry them with the same id."));
    }
    return false;
  }

  /** The decoder refuses an oversized frame; the client is told why (1009) before the connection ends. */
  private void failed(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else {
      LOG.debug("chat connection failed: {}", e.toString());
    }
  }

  void sweep(long now) {
    if (closing) {
      return;
    }
    if (caller == null && now - openedAt > settings.helloSeconds() * 1000L) {
      close(CloseCodes.POLICY, "hello expected");
    } else if (now - lastHeard > settings.idleSeconds() * 1000L) {
      close(CloseCodes.IDLE, "idle");
    } else if (caller != null && now >= tokenExpiresAt) {
      send(ChatFrames.error(null, ChatErrors.TOKEN_EXPIRED, "The access token expired; reconnect with a fresh one."));
      close(CloseCodes.POLICY, "token expired");
    } else if (caller != null && hub.infra().accessTokens().sessions().ended(token)) {
      sessionEnded();
    } else if (now - lastPing >= settings.pingSeconds() * 1000L) {
      lastPing = now;
      ws.writePing(Buffer.buffer());
    }
  }

  private void close(short code, String reason) {
    if (!closing) {
      closing = true;
      ws.close(code, reason);
    }
  }

  private void failed(String id, Throwable e) {
    if (e instanceof ApiException api) {
      send(ChatFrames.error(id, api));
      if (caller == null) {
        close(CloseCodes.POLICY, api.code());
      }
    } else {
      LOG.error("chat frame failed", e);
      send(ChatFrames.error(id, ChatErrors.INTERNAL, "Something went wrong; retry with the same id."));
    }
  }

  private void ackIfAsked(String id, JsonObject body) {
    if (id != null) {
      send(ChatFrames.ack(id).mergeIn(body));
    }
  }

  private void ackConversation(String id, JsonObject view) {
    if (id != null) {
      send(ChatFrames.ack(id).put("conversation", view));
    }
  }
}
