package io.surge.support.chat;

import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A chat connection as a client program holds it: real WebSocket, frames collected as they arrive;
 * the test thread waits for the one it expects (bounded, never a sleep).
 */
final class ChatClient implements AutoCloseable {

  static final long WAIT_MILLIS = 10_000;

  private final WebSocket ws;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<JsonObject> history = new ArrayList<>();
  private int consumed;
  private Short closeCode;

  private ChatClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> received(new JsonObject(text)));
    ws.closeHandler(v -> closed(ws.closeStatusCode()));
  }

  static ChatClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = Wait.forResult(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/api/v1/support/ws")));
    return new ChatClient(ws);
  }

  /** Connected to the test server and greeted. */
  static ChatClient hello(Vertx vertx, String token) {
    return hello(vertx, TestServer.get().httpPort(), token);
  }

  static ChatClient hello(Vertx vertx, int port, String token) {
    ChatClient client = connect(vertx, port);
    client.send(frame("hello").put("token", token));
    client.await(f -> "welcome".equals(f.getString("type")));
    return client;
  }

  static JsonObject frame(String type) {
    return new JsonObject().put("v", 1).put("type", type);
  }

  void send(JsonObject frame) {
    Wait.forResult(ws.writeTextMessage(frame.encode()));
  }

  /** Fire and forget (a flood: the server may close the connection midway). */
  void blast(JsonObject frame) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(frame.encode());
    }
  }

  void sendRaw(String text) {
    Wait.forResult(ws.writeFinalTextFrame(text));
  }

  /** Sends a frame with a fresh id and waits for its ack (or fails on its error). */
  JsonObject request(JsonObject frame) {
    String id = frame.getString("id", UUID.randomUUID().toString());
    send(frame.put("id", id));
    JsonObject answer = await(f -> id.equals(f.getString("id")) && ("ack".equals(f.getString("type"))
      || "error".equals(f.getString("type")) || "welcome".equals(f.getString("type"))));
    if ("error".equals(answer.getString("type"))) {
      fail("error frame: " + answer);
    }
    return answer;
  }

  /** Like request, but expects an error and returns it. */
  JsonObject refused(JsonObject frame) {
    String id = UUID.randomUUID().toString();
    send(frame.put("id", id));
    JsonObject answer = await(f -> id.equals(f.getString("id")));
    if (!"error".equals(answer.getString("type"))) {
      fail("expected an error, got " + answer);
    }
    return answer;
  }

  JsonObject open(String text) {
    return request(frame("open").put("text", text)).getJsonObject("conversation");
  }

  long say(String conversationId, String text) {
    return request(frame("message").put("conversation_id", conversationId).put("text", text)).getLong("message_id");
  }

  /** The first not-yet-taken frame that matches, waiting for it if needed; earlier non-matching frames stay. */
  synchronized JsonObject await(Predicate<JsonObject> wanted) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      for (int i = consumed; i < frames.size(); i++) {
        JsonObject frame = frames.get(i);
        if (frame != null && wanted.test(frame)) {
          frames.set(i, null);
          return frame;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("no matching frame within " + WAIT_MILLIS + " ms; got " + frames);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  JsonObject awaitType(String type) {
    return await(f -> type.equals(f.getString("type")));
  }

  JsonObject awaitMessage(String text) {
    return await(
      f -> "message".equals(f.getString("type")) && text.equals(f.getJsonObject("message").getString("text")));
  }

  /** Every frame received so far that matches (taken or not). */
  synchronized List<JsonObject> all(Predicate<JsonObject> wanted) {
    return history.stream().filter(wanted).toList();
  }

  synchronized short awaitClose() {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (closeCode == null) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("connection not closed within " + WAIT_MILLIS + " ms");
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return closeCode;
  }

  synchronized boolean isClosed() {
    return closeCode != null;
  }

  private synchronized void received(JsonObject frame) {
    frames.add(frame);
    history.add(frame);
    notifyAll();
  }

  private synchronized void closed(Short code) {
    closeCode = code == null ? -1 : code;
    notifyAll();
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      Wait.forResult(ws.close());
    }
  }
}
