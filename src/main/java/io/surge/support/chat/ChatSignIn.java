package io.surge.support.chat;

import io.surge.auth.AccessTokens;
import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.support.chat.Conversations.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who is on a connection and for how long: the {@code hello} that signs it in (or renews its token), the
 * token it lives on, the end of that token or of its session, and the presence the other side is told of.
 */
final class ChatSignIn {

  private final ChatSocket socket;
  private final ChatHub hub;
  private final ChatSettings settings;
  /** A hello is being verified: a second one must not register the connection twice. */
  private boolean greeting;
  private long tokenExpiresAt;
  /** The token that greeted (or last renewed) this connection: it must stay good while the connection lives. */
  private User token;
  private long expiryTimer = -1;

  ChatSignIn(ChatSocket socket) {
    this.socket = socket;
    this.hub = socket.hub();
    this.settings = socket.settings();
  }

  Future<Void> hello(String id, String accessToken) {
    if (greeting) {
      return Future.failedFuture(
        ApiException.conflict(ChatErrors.HELLO_IN_PROGRESS, "The previous hello is still being checked."));
    }
    greeting = true;
    return hub.infra().accessTokens().authenticate(new TokenCredentials(accessToken))
      .onComplete(ar -> greeting = false)
      .recover(e -> Future
        .failedFuture(new ApiException(401, HttpErrors.UNAUTHORIZED, "Unauthorized", "The access token is not valid.")))
      .compose(user -> {
        if (socket.closing()) {
          // gone while its token was checked: never registered, nothing to undo
          return Future.succeededFuture();
        }
        if (socket.caller() != null) {
          return renewed(id, user);
        }
        return signIn(id, user);
      });
  }

  private Future<Void> signIn(String id, User user) {
    JsonArray roles = user.principal().getJsonArray("roles", new JsonArray());
    boolean agent = roles.contains(Roles.AGENT);
    if (!agent && !roles.contains(Roles.CUSTOMER)) {
      socket.send(ChatFrames.error(id, ChatErrors.FORBIDDEN, "Support chat is for customers and agents."));
      socket.close(CloseCodes.POLICY, "not a customer or agent");
      return Future.succeededFuture();
    }
    socket.signedIn(user.subject(), new Caller(UUID.fromString(user.subject()), agent));
    holdToken(user);
    if (!hub.register(socket)) {
      socket.send(ChatFrames.error(id, ChatErrors.TOO_MANY_CONNECTIONS,
        "At most " + settings.maxConnectionsPerUser() + " chat connections per user."));
      socket.close(CloseCodes.POLICY, "too many connections");
      return Future.succeededFuture();
    }
    socket.registeredWithHub();
    return hub.listening(socket).compose(v -> {
      if (socket.closing()) {
        return Future.succeededFuture();
      }
      if (!agent) {
        return welcome(id);
      }
      // an agent who signs in takes new conversations until they say they are on a break
      socket.available(true);
      return hub.availabilityChanged(socket).compose(w -> welcome(id));
    });
  }

  /** A fresh token for the same user extends the connection past the old token's expiry. */
  private Future<Void> renewed(String id, User user) {
    if (!socket.userId().equals(user.subject())) {
      return Future.failedFuture(ApiException.forbidden("A connection belongs to one user."));
    }
    holdToken(user);
    socket.ackIfAsked(id, new JsonObject());
    return Future.succeededFuture();
  }

  /** The connection lives on this token: it is closed the moment the token expires (or its session ends). */
  private void holdToken(User user) {
    token = user;
    tokenExpiresAt = AccessTokens.expiresAtMillis(user);
    hub.infra().vertx().cancelTimer(expiryTimer);
    expiryTimer = hub.infra().vertx().setTimer(Math.max(1, tokenExpiresAt - System.currentTimeMillis()),
      timer -> socket.sweep(System.currentTimeMillis()));
  }

  void stopExpiryTimer() {
    hub.infra().vertx().cancelTimer(expiryTimer);
  }

  boolean tokenExpired(long now) {
    return now >= tokenExpiresAt;
  }

  /** Whether the session of the token this connection lives on was ended (log-out, password change). */
  boolean sessionOver() {
    return hub.infra().accessTokens().sessions().ended(token);
  }

  void sessionEnded() {
    if (!socket.closing() && token != null && sessionOver()) {
      socket.send(ChatFrames.error(null, ChatErrors.SESSION_ENDED, "This session has ended; log in again."));
      socket.close(CloseCodes.POLICY, "session ended");
    }
  }

  private Future<Void> welcome(String id) {
    Caller caller = socket.caller();
    String sql = caller.agent() ? ChatSql.FOR_AGENT : ChatSql.FOR_CUSTOMER;
    return hub.infra().pg().preparedQuery(sql).execute(Tuple.of(caller.id())).compose(rows -> {
      JsonArray conversations = ChatJson.conversations(rows);
      JsonObject welcome = ChatFrames.of("welcome").put("user_id", socket.userId())
        .put("role", caller.agent() ? "agent" : "customer")
        .put("conversations", conversations)
        .put("limits", new JsonObject().put("max_text_chars", settings.maxTextChars())
          .put("messages_per_second", settings.ratePerSecond()).put("burst", settings.burst())
          .put("max_frame_bytes", settings.maxFrameBytes()).put("ping_seconds", settings.pingSeconds()));
      if (id != null) {
        welcome.put("id", id);
      }
      socket.send(welcome);
      List<String> listed = new ArrayList<>(conversations.size());
      for (int i = 0; i < conversations.size(); i++) {
        listed.add(conversations.getJsonObject(i).getString("id"));
      }
      socket.welcomed(listed);
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

  void announceGone() {
    Caller caller = socket.caller();
    if (caller == null) {
      return;
    }
    String sql = caller.agent() ? ChatSql.FOR_AGENT : ChatSql.FOR_CUSTOMER;
    hub.infra().pg().preparedQuery(sql).execute(Tuple.of(caller.id()))
      .onSuccess(rows -> announcePresence(Presence.OFFLINE, ChatJson.conversations(rows)));
  }

  /** Tells the other side of each live conversation that this user came or went. */
  private void announcePresence(Presence presence, JsonArray conversations) {
    Caller caller = socket.caller();
    ChatRelay relay = hub.relay();
    for (int i = 0; i < conversations.size(); i++) {
      JsonObject conversation = conversations.getJsonObject(i);
      String other = caller.agent() ? conversation.getString("customer_id") : conversation.getString("agent_id");
      if (other == null || "resolved".equals(conversation.getString("status"))) {
        continue;
      }
      relay.send(List.of(other), UUID.fromString(conversation.getString("id")), 0, ChatFrames.of("presence")
        .put("conversation_id", conversation.getString("id")).put("user_id", socket.userId())
        .put("role", caller.agent() ? "agent" : "customer").put("online", presence == Presence.ONLINE));
    }
  }
}
