package io.surge.support.chat;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatLimitsTest {

  @Test
  @DisplayName("a frame over 16 KiB closes the connection with 1009; a long text inside the limit is refused and stores nothing")
  void oversizeFrame(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    try (ChatClient client = ChatClient.hello(vertx, customer.token())) {
      String id = client.open("hi").getString("id");
      JsonObject tooLong = client.refused(frame("message").put("conversation_id", id).put("text", "x".repeat(4001)));
      assertEquals("validation_failed", tooLong.getString("code"));
      client
        .sendRaw(frame("message").put("id", "big").put("conversation_id", id).put("text", "y".repeat(20_000)).encode());
      assertEquals(1009, client.awaitClose());
    }
    assertEquals(1, TestServer.count("SELECT count(*) FROM chat_messages"));
  }

  @Test
  @DisplayName("a NUL character in a frame's text or subject is refused as validation_failed, and nothing is stored")
  void nulCharacterRefused(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    try (ChatClient client = ChatClient.hello(vertx, customer.token())) {
      assertEquals("validation_failed", client.refused(frame("open").put("text", "a\u0000b")).getString("code"));
      assertEquals("validation_failed",
        client.refused(frame("open").put("subject", "a\u0000b").put("text", "hi")).getString("code"));
      String id = client.open("hi").getString("id");
      assertEquals("validation_failed",
        client.refused(frame("message").put("conversation_id", id).put("text", "a\u0000b")).getString("code"));
    }
    assertEquals(1, TestServer.count("SELECT count(*) FROM chat_conversations"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM chat_messages"));
  }

  @Test
  @DisplayName("a flood from one connection is limited (burst then rate, then closed) while another customer's chat goes on unhindered")
  void floodIsLimited(Vertx vertx) {
    List<Person> customers = ChatFixtures.customers(vertx, 2);
    Person agent = ChatFixtures.agent(vertx, "Grace");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient flooder = ChatClient.hello(vertx, customers.get(0).token());
      ChatClient calm = ChatClient.hello(vertx, customers.get(1).token())) {
      String flood = flooder.open("flood").getString("id");
      String talk = calm.open("calm").getString("id");
      calm.awaitType("assigned");

      long start = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        flooder.blast(frame("message").put("id", "f" + i).put("conversation_id", flood).put("text", "spam " + i));
      }
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long sent = System.nanoTime();
        calm.say(talk, "still here " + i);
        desk.awaitMessage("still here " + i);
        latencies.add((System.nanoTime() - sent) / 1_000_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // the burst itself is served: the agent hears at least 15 of the flood
      assertEquals("rate_limited", flooder.await(f -> "error".equals(f.getString("type"))).getString("code"));
      assertEquals(1008, flooder.awaitClose(), "a sustained flood is cut off");
      for (int i = 0; i < 15; i++) {
        desk.await(f -> "message".equals(f.getString("type"))
          && f.getJsonObject("message").getString("text").startsWith("spam"));
      }
      long stored = TestServer.count("SELECT count(*) FROM chat_messages WHERE body LIKE 'spam%'");
      // burst 20 + 10/s while it lasted (+ the open's own token)
      assertTrue(stored <= 20 + Math.ceil(seconds * 10) + 1, stored + " stored in " + seconds + " s");
      assertTrue(latencies.stream().allMatch(ms -> ms < 2000), "the calm customer is unaffected: " + latencies);
      assertFalse(calm.isClosed());
    }
  }

  @Test
  @DisplayName("no frame before hello, a bad token is refused, and a user holds at most 5 connections")
  void authAndConnectionCap(Vertx vertx) {
    try (ChatClient anonymous = ChatClient.connect(vertx, TestServer.get().httpPort())) {
      anonymous.send(frame("open").put("id", "x").put("text", "hi"));
      assertEquals("hello_required", anonymous.awaitType("error").getString("code"));
      assertEquals(1008, anonymous.awaitClose());
    }
    try (ChatClient forged = ChatClient.connect(vertx, TestServer.get().httpPort())) {
      forged.send(frame("hello").put("token", "eyJhbGciOiJub25lIn0.e30."));
      assertEquals("unauthorized", forged.awaitType("error").getString("code"));
      assertEquals(1008, forged.awaitClose());
    }
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    List<ChatClient> five = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        five.add(ChatClient.hello(vertx, customer.token()));
      }
      try (ChatClient sixth = ChatClient.connect(vertx, TestServer.get().httpPort())) {
        sixth.send(frame("hello").put("token", customer.token()));
        assertEquals("too_many_connections", sixth.awaitType("error").getString("code"));
        assertEquals(1008, sixth.awaitClose());
      }
      five.remove(0).close();
      ChatClient.hello(vertx, customer.token()).close();
    } finally {
      five.forEach(ChatClient::close);
    }
  }

  @Test
  @DisplayName("a customer holds at most 3 unresolved conversations: reopening resolved ones counts as opening")
  void reopeningKeepsTheCap(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Hedy");
    try (ChatClient client = ChatClient.hello(vertx, customer.token());
      ChatClient desk = ChatClient.hello(vertx, agent.token())) {
      List<String> first = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        first.add(client.open("first " + i).getString("id"));
      }
      assertEquals("too_many_conversations", client.refused(frame("open").put("text", "fourth")).getString("code"));
      for (String id : first) {
        client.request(frame("resolve").put("conversation_id", id));
      }
      for (int i = 0; i < 3; i++) {
        client.open("second " + i);
      }
      for (String id : first) {
        assertEquals("too_many_conversations",
          client.refused(frame("reopen").put("conversation_id", id)).getString("code"));
      }
      assertEquals("too_many_conversations",
        desk.refused(frame("reopen").put("conversation_id", first.get(0))).getString("code"), "nor may an agent");
    }
    assertEquals(3, TestServer.count("SELECT count(*) FROM chat_conversations WHERE status <> 'resolved'"));
  }
}
