package io.surge.support.chat;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatFlowTest {

  @Test
  @DisplayName("a customer opens a conversation, an online agent gets it, they talk both ways with typing and read receipts, the agent resolves it")
  void conversation(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Grace");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      JsonObject opened = shopper.open("Where is my parcel?");
      String id = opened.getString("id");
      assertEquals("queued", opened.getString("status"));

      JsonObject assigned = desk.awaitType("assigned").getJsonObject("conversation");
      assertEquals(id, assigned.getString("id"));
      assertEquals(agent.id(), assigned.getString("agent_id"));
      assertEquals("open", shopper.awaitType("assigned").getJsonObject("conversation").getString("status"));

      desk.send(frame("sync").put("conversation_id", id).put("after_id", 0));
      JsonObject first = desk.awaitMessage("Where is my parcel?").getJsonObject("message");
      assertEquals("customer", first.getString("sender_role"));

      desk.send(frame("typing").put("conversation_id", id).put("typing", true));
      JsonObject typing = shopper.awaitType("typing");
      assertEquals("agent", typing.getString("role"));
      assertTrue(typing.getBoolean("typing"));

      long answer = desk.say(id, "It left the warehouse this morning.");
      JsonObject heard = shopper.awaitMessage("It left the warehouse this morning.").getJsonObject("message");
      assertEquals(answer, heard.getLong("id"));
      assertEquals(agent.id(), heard.getString("sender_id"));

      shopper.request(frame("read").put("conversation_id", id).put("message_id", answer));
      JsonObject read = desk.awaitType("read");
      assertEquals(customer.id(), read.getString("user_id"));
      assertEquals(answer, read.getLong("message_id"));

      shopper.say(id, "Thanks!");
      desk.awaitMessage("Thanks!");

      JsonObject resolved = desk.request(frame("resolve").put("conversation_id", id)).getJsonObject("conversation");
      assertEquals("resolved", resolved.getString("status"));
      assertEquals("resolved", shopper.awaitType("closed").getJsonObject("conversation").getString("status"));
    }

    Api api = new Api(vertx);
    JsonArray mine = api.get("/api/v1/support/conversations", customer.token()).json().getJsonArray("items");
    assertEquals(1, mine.size());
    String id = mine.getJsonObject(0).getString("id");
    JsonObject detail = api.get("/api/v1/support/conversations/" + id, agent.token()).json();
    List<String> actions = new ArrayList<>();
    detail.getJsonArray("audit").forEach(row -> actions.add(((JsonObject) row).getString("action")));
    assertEquals(List.of("opened", "assigned", "resolved"), actions);
    assertEquals(1, detail.getJsonArray("reads").size(), "the read receipt is stored");
    assertNotNull(detail.getJsonObject("customer").getJsonArray("recent_orders"), "agents see the customer's orders");
    assertNull(api.get("/api/v1/support/conversations/" + id, customer.token()).json().getJsonObject("customer"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM chat_messages WHERE body LIKE '%typing%'"));
  }

  @Test
  @DisplayName("history is paginated newest first with a cursor; another customer's conversation is 404 over HTTP and not found over the socket")
  void historyAndPrivacy(Vertx vertx) {
    List<Person> customers = ChatFixtures.customers(vertx, 2);
    Person a = customers.get(0);
    Person b = customers.get(1);
    String id;
    try (ChatClient alice = ChatClient.hello(vertx, a.token())) {
      id = alice.open("first").getString("id");
      assertEquals("forbidden", alice.refused(frame("take").put("conversation_id", id)).getString("code"),
        "customers cannot take");
      for (int i = 2; i <= 5; i++) {
        alice.say(id, "message " + i);
      }
    }
    Api api = new Api(vertx);
    Reply page1 = api.get("/api/v1/support/conversations/" + id + "/messages?limit=3", a.token());
    assertEquals(200, page1.status(), page1::toString);
    JsonArray items = page1.json().getJsonArray("items");
    assertEquals(List.of("message 5", "message 4", "message 3"), texts(items));
    String cursor = page1.json().getString("next_cursor");
    JsonObject page2 = api.get("/api/v1/support/conversations/" + id + "/messages?limit=3&cursor=" + cursor, a.token())
      .json();
    assertEquals(List.of("message 2", "first"), texts(page2.getJsonArray("items")));
    assertNull(page2.getString("next_cursor"));

    assertEquals(404, api.get("/api/v1/support/conversations/" + id, b.token()).status());
    assertEquals(404, api.get("/api/v1/support/conversations/" + id + "/messages", b.token()).status());
    assertEquals(0, api.get("/api/v1/support/conversations", b.token()).json().getJsonArray("items").size());
    assertEquals(400, api.get("/api/v1/support/conversations/" + id + "/messages?cursor=bogus", a.token()).status());
    Reply badStatus = api.get("/api/v1/support/conversations?status=lost", a.token());
    assertEquals(400, badStatus.status());
    assertEquals("application/problem+json", badStatus.header("Content-Type"));
    assertEquals(400, api.get("/api/v1/support/conversations/" + id + "/messages?limit=0", a.token()).status());
    assertEquals(404, api.get("/api/v1/support/conversations/not-an-id", a.token()).status());
    assertEquals(401, api.get("/api/v1/support/conversations", null).status());

    try (ChatClient bob = ChatClient.hello(vertx, b.token())) {
      assertEquals("not_found",
        bob.refused(frame("message").put("conversation_id", id).put("text", "let me in")).getString("code"));
      assertEquals("not_found",
        bob.refused(frame("sync").put("conversation_id", id).put("after_id", 0)).getString("code"));
      assertEquals("not_found",
        bob.refused(frame("read").put("conversation_id", id).put("message_id", 1)).getString("code"));
      assertEquals("not_found", bob.refused(frame("resolve").put("conversation_id", id)).getString("code"));
      assertEquals("forbidden", bob.refused(frame("take").put("conversation_id", id)).getString("code"));
    }
    assertEquals(5, TestServer.count("SELECT count(*) FROM chat_messages"), "nothing B sent was stored");
  }

  @Test
  @DisplayName("a reconnecting customer gets exactly what they missed, once; a retried message id is stored once")
  void reconnectReplay(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Ada");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token())) {
      String id;
      long lastSeen;
      try (ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
        id = shopper.open("hello?").getString("id");
        desk.awaitType("assigned");
        lastSeen = desk.say(id, "hi, how can I help?");
        shopper.awaitMessage("hi, how can I help?");
      }
      List<Long> sentWhileAway = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        sentWhileAway.add(desk.say(id, "while away " + i));
      }
      try (ChatClient back = ChatClient.hello(vertx, customer.token())) {
        back.send(frame("sync").put("conversation_id", id).put("after_id", lastSeen));
        // a message racing the replay must not be lost or doubled either
        long racing = desk.say(id, "during the sync");
        JsonObject synced = back.awaitType("synced");
        assertEquals(id, synced.getString("conversation_id"));
        back.awaitMessage("during the sync");
        long after = desk.say(id, "after the sync");
        back.awaitMessage("after the sync");
        List<Long> received = back.all(f -> "message".equals(f.getString("type")))
          .stream().map(f -> f.getJsonObject("message").getLong("id")).toList();
        List<Long> expected = new ArrayList<>(sentWhileAway);
        expected.add(racing);
        expected.add(after);
        assertEquals(expected.size(), received.size(), "no duplicates: " + received);
        assertTrue(received.containsAll(expected), "none lost: " + received);
        assertFalse(received.contains(lastSeen), "nothing the customer had already seen");

        String clientId = "retry-me";
        JsonObject firstTry = back
          .request(frame("message").put("id", clientId).put("conversation_id", id).put("text", "once"));
        JsonObject secondTry = back
          .request(frame("message").put("id", clientId).put("conversation_id", id).put("text", "once"));
        assertEquals(firstTry.getLong("message_id"), secondTry.getLong("message_id"));
        assertTrue(secondTry.getBoolean("duplicate"));
        assertEquals(1, TestServer.count("SELECT count(*) FROM chat_messages WHERE body = 'once'"));
      }
    }
  }

  private static List<String> texts(JsonArray items) {
    List<String> texts = new ArrayList<>();
    items.forEach(item -> texts.add(((JsonObject) item).getString("text")));
    return texts;
  }
}
