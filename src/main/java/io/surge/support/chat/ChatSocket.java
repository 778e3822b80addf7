package io.surge.support.chat;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.surge.http.ApiException;
import io.surge.support.chat.Conversations.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One chat connection: its WebSocket, who is on it, and when it is closed. The work on it is split by
 * responsibility: {@link ChatSignIn} (hello, token, session), {@link FrameRouter} (each client frame),
 * {@link AgentDesk} (moves of a conversation), {@link FrameRateLimit} and {@link ChatSync}. Close codes:
 * {@link CloseCodes}. Everything here runs on the connection's event loop, so no state needs a lock.
 */
final class ChatSocket {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
  /** Relayed frames held between the hub's registration and the welcome; a welcome that never comes ends it. */
  private static final int HELD_BEFORE_WELCOME = 256;

  private final ChatHub hub;
  private final ServerWebSocket ws;
  private final ChatSettings settings;
  private final long openedAt = System.currentTimeMillis();
  private long lastHeard = openedAt;
  /**
   * As if pinged at a random moment of the last ping period: connections opened together (a reconnect storm, a
   * benchmark) are then pinged at different times, not in one burst each period.
   */
  private long lastPing;
  private final ChatSignIn signIn;
  private final ChatSync sync;
  private final FrameRouter router;
  private String userId;
  private Caller caller;
  private boolean registered;
  private boolean closing;
  private boolean available;
  /**
   * Relayed frames that came after the hub registered this connection and before its welcome went out; null once
   * welcomed. Held so that none comes before the welcome (see {@link #push}).
   */
  private List<ChatRelay.Envelope> beforeWelcome = new ArrayList<>();
  /** Frames read and not answered yet: a drain waits for them. */
  private int inFlight;
  private Promise<Void> drained;

  ChatSocket(ChatHub hub, ServerWebSocket ws) {
    this.hub = hub;
    this.ws = ws;
    this.settings = hub.settings();
    this.lastPing = openedAt - ThreadLocalRandom.current().nextLong(Math.max(1, settings.pingSeconds() * 1000L));
    this.signIn = new ChatSignIn(this);
    this.sync = new ChatSync(this);
    this.router = new FrameRouter(this, signIn, sync, new AgentDesk(this),
      new FrameRateLimit(this, new FrameBucket(settings.ratePerSecond(), settings.burst())));
  }

  void start() {
    ChatMeters.connected();
    ws.textMessageHandler(text -> {
      lastHeard = System.currentTimeMillis();
      // draining: a frame read now is not handled; unacknowledged, the client re-sends it to the next server
      if (drained == null) {
        router.onText(text);
      }
    });
    ws.binaryMessageHandler(data -> close(CloseCodes.TEXT_ONLY, "text frames only"));
    ws.pongHandler(data -> lastHeard = System.currentTimeMillis());
    ws.exceptionHandler(this::failed);
    ws.closeHandler(v -> {
      closing = true;
      ChatMeters.disconnected();
      signIn.stopExpiryTimer();
      hub.closed(this);
      if (drained != null) {
        drained.tryComplete();
      }
    });
    // a client that can set headers signs in on the upgrade itself instead of with a hello frame
    String authorization = ws.headers().get("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      signIn.hello(null, authorization.substring(7)).onFailure(e -> failed(null, e));
    }
  }

  ChatHub hub() {
    return hub;
  }

  ChatSettings settings() {
    return settings;
  }

  String userId() {
    return userId;
  }

  /** Null until a hello succeeded. */
  Caller caller() {
    return caller;
  }

  boolean agent() {
    return caller != null && caller.agent();
  }

  boolean available() {
    return available;
  }

  void available(boolean available) {
    this.available = available;
  }

  boolean registered() {
    return registered;
  }

  boolean closing() {
    return closing;
  }

  /** The hello's token named this user; the hub counts the connection from here on. */
  void signedIn(String subject, Caller who) {
    userId = subject;
    caller = who;
  }

  void registeredWithHub() {
    registered = true;
  }

  /** A session of this user ended somewhere: close this connection if it was greeted with one of its tokens. */
  void sessionEnded() {
    signIn.sessionEnded();
  }

  /** Tells the other sides that this user went. */
  void announceGone() {
    signIn.announceGone();
  }

  /**
   * A relayed frame for this connection's user. Before the welcome it is held: the client syncs each conversation from
   * the highest id it saw once welcomed (PROTOCOL.md), so a message sent ahead of the welcome, with an earlier one
   * still missing (committed while the client was away), would move that point past the missing one for good.
   */
  void push(ChatRelay.Envelope envelope) {
    if (beforeWelcome == null) {
      sync.push(envelope);
      return;
    }
    beforeWelcome.add(envelope);
    if (beforeWelcome.size() > HELD_BEFORE_WELCOME) {
      beforeWelcome.clear();
      close(CloseCodes.TRY_AGAIN_LATER, "no welcome; reconnect and sync");
    }
  }

  /**
   * The welcome went out, listing these conversations: their live messages wait for the client's sync of each
   * ({@link ChatSync#awaitSync}), and what was relayed meanwhile follows the welcome, in order.
   */
  void welcomed(List<String> conversationIds) {
    sync.awaitSync(conversationIds);
    List<ChatRelay.Envelope> held = beforeWelcome;
    beforeWelcome = null;
    if (held != null) {
      held.forEach(sync::push);
    }
  }

  void send(JsonObject frame) {
    write(frame.encode());
  }

  void write(String text) {
    // ws.isClosed(): an answer can come back after the client left; writeQueueFull() would throw on a closed socket,
    // and the answer has no one to go to anyway. A message not written here is not lost: it is stored, and nothing
    // later in its conversation is written to this connection either (ChatSync sends a conversation gapless, and a
    // closed socket takes nothing more), so the client's sync from the highest id it saw brings it.
    if (closing || ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      close(CloseCodes.TRY_AGAIN_LATER, "reading too slowly; reconnect and sync");
      return;
    }
    ws.writeTextMessage(text);
  }

  void ackIfAsked(String id, JsonObject body) {
    if (id != null) {
      send(ChatFrames.ack(id).mergeIn(body));
    }
  }

  void ackConversation(String id, JsonObject view) {
    if (id != null) {
      send(ChatFrames.ack(id).put("conversation", view));
    }
  }

  /** A frame was read; its answer is pending until {@link #answered()}. */
  void reading() {
    inFlight++;
  }

  void answered() {
    inFlight--;
    if (drained != null && inFlight <= 0) {
      restarting();
    }
  }

  /**
   * The server is stopping: no more frames are read (what the client sends now it re-sends, same id, to the next
   * server, as it does every unacknowledged frame), the ones in flight are answered, then the connection closes with
   * 1012; at the latest after {@code millis}. Live messages still go out until then.
   */
  Future<Void> drain(long millis) {
    if (drained == null) {
      drained = Promise.promise();
      if (closing || ws.isClosed()) {
        drained.tryComplete();
      } else {
        ws.pause();
        hub.infra().vertx().setTimer(Math.max(1, millis), t -> restarting());
        if (inFlight <= 0) {
          restarting();
        }
      }
    }
    return drained.future();
  }

  private void restarting() {
    if (!closing) {
      closing = true;
      // reading again, or the client's answer to the close frame would wait in the paused socket
      ws.resume();
      ws.close(CloseCodes.SERVICE_RESTART, "server restarting; reconnect and sync")
        .onComplete(v -> drained.tryComplete());
    } else if (ws.isClosed()) {
      drained.tryComplete();
    }
  }

  /** Called by the hub's periodic sweep, and by the token's own timer the moment it expires. */
  void sweep(long now) {
    if (closing) {
      return;
    }
    if (caller == null && now - openedAt > settings.helloSeconds() * 1000L) {
      close(CloseCodes.POLICY, "hello expected");
    } else if (now - lastHeard > settings.idleSeconds() * 1000L) {
      close(CloseCodes.IDLE, "idle");
    } else if (caller != null && signIn.tokenExpired(now)) {
      send(ChatFrames.error(null, ChatErrors.TOKEN_EXPIRED, "The access token expired; reconnect with a fresh one."));
      close(CloseCodes.POLICY, "token expired");
    } else if (caller != null && signIn.sessionOver()) {
      signIn.sessionEnded();
    } else if (now - lastPing >= settings.pingSeconds() * 1000L) {
      lastPing = now;
      ws.writePing(Buffer.buffer());
    }
  }

  void close(short code, String reason) {
    if (!closing) {
      closing = true;
      ws.close(code, reason);
    }
  }

  /** The decoder refuses an oversized frame; the client is told why (1009) before the connection ends. */
  private void failed(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else {
      LOG.debug("chat connection failed: {}", e.toString());
    }
  }

  /** A frame's failure answers that frame; before a hello, any refusal also ends the connection. */
  void failed(String id, Throwable e) {
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
}
