package io.surge.support.chat;

import io.surge.SurgeServer;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatTimeoutsTest {

  @Test
  @DisplayName("no hello in time closes with 1008; a peer that stops answering pings is closed as idle (1001) while one that answers stays")
  void helloAndIdleTimeouts(Vertx vertx) throws Exception {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    JsonObject config = TestServer.secondServerConfig();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // A second instance with short timings, so the test takes seconds, not minutes.
    config.getJsonObject("http").put("port", port).put("instances", 1);
    config.put("chat",
      config.getJsonObject("chat").copy().put("helloSeconds", 1).put("pingSeconds", 1).put("idleSeconds", 3));
    Vertx second = Vertx.vertx();
    try {
      Wait.forResult(SurgeServer.start(second, config));
      try (SilentSocket mute = new SilentSocket(port, ChatHub.PATH)) {
        assertEquals(1008, mute.closeCodeAndPings()[0]);
      }
      try (ChatClient answersPings = ChatClient.hello(vertx, port, customer.token());
        SilentSocket silent = new SilentSocket(port, ChatHub.PATH)) {
        silent.sendText(new JsonObject().put("v", 1).put("type", "hello").put("token", customer.token()).encode());
        long start = System.currentTimeMillis();
        int[] closed = silent.closeCodeAndPings();
        assertEquals(1001, closed[0]);
        assertTrue(closed[1] >= 1, "it was pinged first");
        assertTrue(System.currentTimeMillis() - start >= 2500, "not before the idle time");
        assertFalse(answersPings.isClosed(), "a client answering pings is never idle");
      }
    } finally {
      Wait.forResult(second.close());
    }
  }
}
