package io.surge.scale;

import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A chat client as PROTOCOL.md asks a program to behave when its server goes away: it reconnects, says hello
 * again, syncs every conversation from the highest message id it has seen, and re-sends every frame not yet
 * acknowledged with the same id: at most 10 a second (the server's rate limit drops the rest, with one id-less
 * {@code rate_limited} error a second, after which everything unacknowledged goes again). It counts how often each
 * message reached it, so a test can tell lost from doubled.
 */
final class ResumingChat implements AutoCloseable {

  private static final Set<String> RETRIED = Set.of("rate_limited", "internal");
  /** Frames sent at once at most, then a second's pause: the server's bucket is 20 frames, refilled at 10 a second. */
  private static final int PER_SECOND = 10;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final int port;
  private final String token;
  private final Map<String, JsonObject> unacked = new LinkedHashMap<>();
  /** Ids of unacknowledged frames written on this connection (and not dropped since, as far as the client knows). */
  private final Set<String> written = new HashSet<>();
  private boolean pumpLater;
  private final Map<String, Long> acked = new HashMap<>();
  private final Map<Long, Integer> deliveries = new HashMap<>();
  private final Map<String, Long> lastSeen = new HashMap<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private final Map<String, Integer> retried = new HashMap<>();
  private final List<Short> closeCodes = new ArrayList<>();
  /** What happened on each connection, in order: what a failed check prints to show where a message went missing. */
  private final List<String> journal = new ArrayList<>();
  private WebSocket socket;
  private int connection;
  private boolean welcomed;
  private boolean closing;
  private int welcomes;

  private ResumingChat(Vertx vertx, int port, String token) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
    this.port = port;
    this.token = token;
  }

  /** Connected to the server (or proxy) on {@code port} and welcomed. */
  static ResumingChat connect(Vertx vertx, int port, String token) {
    ResumingChat chat = new ResumingChat(vertx, port, token);
    chat.dial();
    Wait.until("chat welcomed", Duration.ofSeconds(20), chat::welcomes, n -> n >= 1);
    return chat;
  }

  private static JsonObject frame(String type) {
    return new JsonObject().put("v", 1).put("type", type);
  }

  private void dial() {
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/api/v1/support/ws"))
      .onSuccess(this::attach)
      .onFailure(e -> redialLater());
  }

  private synchronized void redialLater() {
    if (!closing) {
      vertx.setTimer(100, t -> dial());
    }
  }

  private synchronized void attach(WebSocket connected) {
    if (closing) {
      connected.close();
      return;
    }
    socket = connected;
    connection++;
    note("connected");
    connected.textMessageHandler(text -> received(connected, new JsonObject(text)));
    connected.closeHandler(v -> lost(connected));
    connected.writeTextMessage(frame("hello").put("token", token).encode());
  }

  private synchronized void lost(WebSocket gone) {
    if (gone.closeStatusCode() != null) {
      closeCodes.add(gone.closeStatusCode());
    }
    if (gone == socket) {
      note("closed " + gone.closeStatusCode());
      socket = null;
      welcomed = false;
      redialLater();
    }
  }

  private synchronized void received(WebSocket from, JsonObject frame) {
    if (from != socket) {
      return;
    }
    switch (frame.getString("type")) {
      case "welcome" -> resume();
      case "message" -> {
        JsonObject message = frame.getJsonObject("message");
        note("message " + message.getLong("id") + (welcomed ? "" : " (before the welcome)"));
        deliveries.merge(message.getLong("id"), 1, Integer::sum);
        lastSeen.merge(message.getString("conversation_id"), message.getLong("id"), Math::max);
      }
      case "ack" -> {
        if (frame.containsKey("message_id")) {
          note("ack " + frame.getString("id") + " -> " + frame.getLong("message_id"));
        }
        written.remove(frame.getString("id"));
        if (unacked.remove(frame.getString("id")) != null && frame.containsKey("message_id")) {
          acked.put(frame.getString("id"), frame.getLong("message_id"));
        }
        events.add(frame);
      }
      case "assigned" -> {
        String conversation = frame.getJsonObject("conversation").getString("id");
        follow(conversation);
        events.add(frame);
      }
      case "resync" -> {
        note("resync");
        lastSeen.keySet().forEach(this::sync);
      }
      case "synced" -> {
        note("synced up to " + frame.getLong("last_message_id") + (frame.getBoolean("more") ? ", more" : ""));
        if (frame.getBoolean("more")) {
          sync(frame.getString("conversation_id"));
        }
        events.add(frame);
      }
      case "error" -> {
        String code = frame.getString("code");
        String id = frame.getString("id");
        if ("rate_limited".equals(code) && id == null) {
          // frames were dropped, which ones is not said (one such error a second): every unacknowledged one again
          retried.merge(code, 1, Integer::sum);
          written.clear();
          pumpInASecond();
        } else if (RETRIED.contains(code) && unacked.containsKey(id)) {
          // the protocol's answer to both: not done, re-send with the same id
          retried.merge(code, 1, Integer::sum);
          written.remove(id);
          pumpInASecond();
        } else {
          errors.add(frame);
        }
      }
      default -> events.add(frame);
    }
    notifyAll();
  }

  /** After every (re)connection: catch up on each conversation, then re-send what was never acknowledged. */
  private void resume() {
    note("welcome");
    welcomed = true;
    welcomes++;
    lastSeen.keySet().forEach(this::sync);
    written.clear();
    pump();
  }

  /** Writes the unacknowledged frames not written on this connection yet, {@link #PER_SECOND} at a time. */
  private void pump() {
    if (!welcomed || socket == null) {
      return;
    }
    int sent = 0;
    for (Map.Entry<String, JsonObject> frame : unacked.entrySet()) {
      if (!written.contains(frame.getKey())) {
        if (sent == PER_SECOND) {
          pumpInASecond();
          return;
        }
        written.add(frame.getKey());
        write(frame.getValue());
        sent++;
      }
    }
  }

  private void pumpInASecond() {
    if (!pumpLater) {
      pumpLater = true;
      vertx.setTimer(1000, t -> {
        synchronized (this) {
          pumpLater = false;
          pump();
        }
      });
    }
  }

  private void sync(String conversation) {
    note("sync after " + lastSeen.get(conversation) + (welcomed && socket != null ? "" : " (not sent: no connection)"));
    write(frame("sync").put("conversation_id", conversation).put("after_id", lastSeen.get(conversation)));
  }

  private void write(JsonObject frame) {
    if (welcomed && socket != null) {
      socket.writeTextMessage(frame.encode());
    }
  }

  /** Starts following a conversation from its first message (as an agent does once assigned). */
  synchronized void follow(String conversation) {
    if (!lastSeen.containsKey(conversation)) {
      lastSeen.put(conversation, 0L);
      sync(conversation);
    }
  }

  /** Sends a frame that changes something, under a fresh id, until it is acknowledged; returns the id. */
  synchronized String request(JsonObject frame) {
    String id = frame.getString("id", UUID.randomUUID().toString());
    frame.put("v", 1).put("id", id);
    unacked.put(id, frame);
    pump();
    return id;
  }

  String say(String conversation, String id, String text) {
    return request(frame("message").put("id", id).put("conversation_id", conversation).put("text", text));
  }

  /** Opens a conversation and waits for its ack; returns the conversation id. */
  String open(String text) {
    String id = request(frame("open").put("text", text));
    JsonObject ack = Wait.until("conversation opened", Duration.ofSeconds(10), () -> event("ack", id), a -> a != null);
    String conversation = ack.getJsonObject("conversation").getString("id");
    follow(conversation);
    return conversation;
  }

  /** The first event of this type (and, when given, frame id) received so far, or null. */
  synchronized JsonObject event(String type, String id) {
    return events.stream().filter(e -> type.equals(e.getString("type")) && (id == null || id.equals(e.getString("id"))))
      .findFirst().orElse(null);
  }

  synchronized int welcomes() {
    return welcomes;
  }

  synchronized int unacknowledged() {
    return unacked.size();
  }

  synchronized Map<String, Long> acked() {
    return Map.copyOf(acked);
  }

  /** How many times each message id arrived as a {@code message} frame, over every connection. */
  synchronized Map<Long, Integer> deliveries() {
    return Map.copyOf(deliveries);
  }

  /** Frames answered with an error that says "retry with the same id", by code. */
  synchronized Map<String, Integer> retried() {
    return Map.copyOf(retried);
  }

  /** The close codes the server ended this client's connections with. */
  synchronized List<Short> closeCodes() {
    return List.copyOf(closeCodes);
  }

  synchronized List<JsonObject> unackedFrames() {
    return List.copyOf(unacked.values());
  }

  private void note(String what) {
    journal.add(System.currentTimeMillis() % 1_000_000 + " #" + connection + " " + what);
  }

  /** Every connection's events, oldest first (for a failure message). */
  synchronized String journal() {
    return String.join("\n", journal);
  }

  synchronized List<JsonObject> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() {
    WebSocket last;
    synchronized (this) {
      closing = true;
      last = socket;
    }
    if (last != null && !last.isClosed()) {
      Wait.forResult(last.close());
    }
    Wait.forResult(client.close());
  }
}
