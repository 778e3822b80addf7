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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A chat client as PROTOCOL.md asks a program to behave when its server goes away: it reconnects, says hello
 * again, syncs every conversation from the highest message id it has seen, and re-sends every frame not yet
 * acknowledged with the same id. It counts how often each message reached it, so a test can tell lost from doubled.
 */
final class ResumingChat implements AutoCloseable {

  private static final Set<String> RETRIED = Set.of("rate_limited", "internal");

  private final Vertx vertx;
  private final WebSocketClient client;
  private final int port;
  private final String token;
  private final Map<String, JsonObject> unacked = new LinkedHashMap<>();
  private final Map<String, Long> acked = new HashMap<>();
  private final Map<Long, Integer> deliveries = new HashMap<>();
  private final Map<String, Long> lastSeen = new HashMap<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private final Map<String, Integer> retried = new HashMap<>();
  private final List<Short> closeCodes = new ArrayList<>();
  private WebSocket socket;
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
    connected.textMessageHandler(text -> received(connected, new JsonObject(text)));
    connected.closeHandler(v -> lost(connected));
    connected.writeTextMessage(frame("hello").put("token", token).encode());
  }

  private synchronized void lost(WebSocket gone) {
    if (gone.closeStatusCode() != null) {
      closeCodes.add(gone.closeStatusCode());
    }
    if (gone == socket) {
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
        deliveries.merge(message.getLong("id"), 1, Integer::sum);
        lastSeen.merge(message.getString("conversation_id"), message.getLong("id"), Math::max);
      }
      case "ack" -> {
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
      case "resync" -> lastSeen.keySet().forEach(this::sync);
      case "error" -> {
        String code = frame.getString("code");
        if (RETRIED.contains(code) && unacked.containsKey(frame.getString("id"))) {
          // the protocol's answer to both: not done, re-send with the same id
          retried.merge(code, 1, Integer::sum);
          vertx.setTimer(1000, t -> resend(frame.getString("id")));
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
    welcomed = true;
    welcomes++;
    lastSeen.keySet().forEach(this::sync);
    unacked.values().forEach(this::write);
  }

  private void sync(String conversation) {
    write(frame("sync").put("conversation_id", conversation).put("after_id", lastSeen.get(conversation)));
  }

  private synchronized void resend(String id) {
    JsonObject frame = unacked.get(id);
    if (frame != null) {
      write(frame);
    }
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
    write(frame);
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
