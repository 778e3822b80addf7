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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatAssignmentTest {

  private static final int CAPACITY = 5;

  @Test
  @DisplayName("conversations go to online agents round robin up to 5 each; the rest wait with queue positions that move up when a seat frees")
  void roundRobinWithCapacityAndQueue(Vertx vertx) {
    Person grace = ChatFixtures.agent(vertx, "Grace");
    Person alan = ChatFixtures.agent(vertx, "Alan");
    List<Person> customers = ChatFixtures.customers(vertx, 2 * CAPACITY + 2);
    List<ChatClient> clients = new ArrayList<>();
    try (ChatClient g = ChatClient.hello(vertx, grace.token()); ChatClient a = ChatClient.hello(vertx, alan.token())) {
      List<String> ids = new ArrayList<>();
      for (Person customer : customers) {
        ChatClient client = ChatClient.hello(vertx, customer.token());
        clients.add(client);
        ids.add(client.open("help").getString("id"));
      }
      Map<String, String> agentOf = new HashMap<>();
      for (int i = 0; i < 2 * CAPACITY; i++) {
        JsonObject assigned = clients.get(i).awaitType("assigned").getJsonObject("conversation");
        agentOf.put(ids.get(i), assigned.getString("agent_id"));
      }
      for (int i = 1; i < 2 * CAPACITY; i++) {
        assertNotEquals(agentOf.get(ids.get(i - 1)), agentOf.get(ids.get(i)), "round robin alternates: " + agentOf);
      }
      assertEquals(CAPACITY, agentOf.values().stream().filter(grace.id()::equals).count());
      assertEquals(CAPACITY, agentOf.values().stream().filter(alan.id()::equals).count());

      ChatClient eleventh = clients.get(2 * CAPACITY);
      ChatClient twelfth = clients.get(2 * CAPACITY + 1);
      waitForPosition(eleventh, ids.get(2 * CAPACITY), 1);
      waitForPosition(twelfth, ids.get(2 * CAPACITY + 1), 2);
      assertEquals(2, TestServer.count("SELECT count(*) FROM chat_conversations WHERE status = 'queued'"));

      // Grace resolves one: her seat goes to the oldest waiting customer; the other moves up.
      String gracesFirst = ids.stream().filter(id -> grace.id().equals(agentOf.get(id))).findFirst().orElseThrow();
      g.request(frame("resolve").put("conversation_id", gracesFirst));
      assertEquals(grace.id(), eleventh.awaitType("assigned").getJsonObject("conversation").getString("agent_id"));
      waitForPosition(twelfth, ids.get(2 * CAPACITY + 1), 1);

      // Full agents cannot take more by hand either.
      assertEquals("at_capacity",
        a.refused(frame("take").put("conversation_id", ids.get(2 * CAPACITY + 1))).getString("code"));
    } finally {
      clients.forEach(ChatClient::close);
    }
  }

  @Test
  @DisplayName("an unavailable agent gets nothing automatically but can take, hold (pending), transfer, resolve and reopen; every move is audited")
  void agentMoves(Vertx vertx) {
    Person grace = ChatFixtures.agent(vertx, "Grace");
    Person alan = ChatFixtures.agent(vertx, "Alan");
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    try (ChatClient g = ChatClient.hello(vertx, grace.token());
      ChatClient a = ChatClient.hello(vertx, alan.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      g.request(frame("presence").put("available", false));
      a.request(frame("presence").put("available", false));
      String id = shopper.open("my order is late").getString("id");
      waitForPosition(shopper, id, 1);
      assertEquals("queued", TestServer.db().preparedQuery("SELECT status FROM chat_conversations WHERE id = $1::uuid")
        .execute(io.vertx.sqlclient.Tuple.of(id)).await().iterator().next().getString(0));

      JsonObject taken = g.request(frame("take").put("conversation_id", id)).getJsonObject("conversation");
      assertEquals("open", taken.getString("status"));
      assertEquals(grace.id(), shopper.awaitType("assigned").getJsonObject("conversation").getString("agent_id"));
      assertEquals("not_queued", a.refused(frame("take").put("conversation_id", id)).getString("code"));
      assertEquals("forbidden",
        a.refused(frame("message").put("conversation_id", id).put("text", "not mine")).getString("code"));

      assertEquals("pending",
        g.request(frame("pending").put("conversation_id", id)).getJsonObject("conversation").getString("status"));
      shopper.say(id, "here is the tracking number");
      assertEquals("open", TestServer.db().preparedQuery("SELECT status FROM chat_conversations WHERE id = $1::uuid")
        .execute(io.vertx.sqlclient.Tuple.of(id)).await().iterator().next().getString(0),
        "the customer's answer reopens it");

      g.request(frame("transfer").put("conversation_id", id).put("agent_id", alan.id()));
      assertEquals(alan.id(), a.awaitType("assigned").getJsonObject("conversation").getString("agent_id"));
      assertEquals(alan.id(), shopper.await(f -> "assigned".equals(f.getString("type"))
        && "transferred".equals(f.getString("action"))).getJsonObject("conversation").getString("agent_id"));
      assertEquals("not_an_agent",
        a.refused(frame("transfer").put("conversation_id", id).put("agent_id", customer.id())).getString("code"));

      a.request(frame("resolve").put("conversation_id", id));
      shopper.awaitType("closed");
      assertEquals("conversation_resolved",
        shopper.refused(frame("message").put("conversation_id", id).put("text", "hello?")).getString("code"));
      assertEquals("open",
        a.request(frame("reopen").put("conversation_id", id)).getJsonObject("conversation").getString("status"));

      List<String> trail = new ArrayList<>();
      TestServer.db()
        .preparedQuery("SELECT action || ':' || to_status FROM chat_audit WHERE conversation_id = $1::uuid ORDER BY id")
        .execute(io.vertx.sqlclient.Tuple.of(id)).await().forEach(row -> trail.add(row.getString(0)));
      assertEquals(List.of("opened:queued", "taken:open", "pending:pending", "answered:open", "transferred:open",
        "resolved:resolved", "reopened:open"), trail);
    }
  }

  /** Positions are re-announced as the queue moves; wait for the one expected. */
  private static void waitForPosition(ChatClient client, String conversationId, int position) {
    client.await(f -> "queued".equals(f.getString("type")) && conversationId.equals(f.getString("conversation_id"))
      && f.getInteger("position") == position);
  }
}
