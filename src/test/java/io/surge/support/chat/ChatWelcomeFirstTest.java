package io.surge.support.chat;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that comes back syncs each conversation from the highest message id it saw, once welcomed (PROTOCOL.md).
 * A message relayed to the new connection before its welcome (the hub knows the connection as soon as its hello
 * checks out; the welcome waits on PostgreSQL) would move that point past the ones said while the client was away,
 * and they would never come: what lost chat messages in a rolling restart. Here the welcome is held back exactly
 * there (the agent's "online" row locked), and the customer writes meanwhile.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatWelcomeFirstTest {

  private static final String BLOCKED_ON_AGENT_ROW = "SELECT count(*) FROM pg_stat_activity "
    + "WHERE wait_event_type = 'Lock' AND query LIKE '%chat_agents%'";

  private static List<Long> messageIds(List<JsonObject> frames) {
    return frames.stream().filter(f -> "message".equals(f.getString("type")))
      .map(f -> f.getJsonObject("message").getLong("id")).toList();
  }

  @Test
  @DisplayName("nothing is relayed to a connection before its welcome, so a sync from the highest id seen then "
    + "brings what was said while the client was away, each once")
  void nothingBeforeTheWelcome(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Barbara");
    try (ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      String conversation;
      long before;
      try (ChatClient desk = ChatClient.hello(vertx, agent.token())) {
        conversation = shopper.open("Can I change the address?").getString("id");
        desk.awaitType("assigned");
        desk.send(frame("sync").put("conversation_id", conversation).put("after_id", 0));
        desk.awaitType("synced");
        before = shopper.say(conversation, "before");
        desk.awaitMessage("before");
      }
      UUID agentId = UUID.fromString(agent.id());
      // the agent's last connection is gone once they are marked offline
      Wait.until("the agent offline", Duration.ofSeconds(10), () -> Wait.forResult(TestServer.db()
        .preparedQuery("SELECT online_until <= now() FROM chat_agents WHERE agent_id = $1").execute(Tuple.of(agentId)))
        .iterator().next().getBoolean(0), offline -> offline);
      long away = shopper.say(conversation, "while you were away");

      SqlConnection db = Wait.forResult(TestServer.db().getConnection());
      try {
        Transaction tx = Wait.forResult(db.begin());
        Wait.forResult(db.preparedQuery("SELECT 1 FROM chat_agents WHERE agent_id = $1 FOR UPDATE")
          .execute(Tuple.of(agentId)));
        try (ChatClient desk = ChatClient.connect(vertx, TestServer.get().httpPort())) {
          desk.send(frame("hello").put("token", agent.token()));
          // the hello checked out and the connection is registered: its welcome waits on marking the agent online
          Wait.until("the hello waiting on the agent's row", Duration.ofSeconds(10),
            () -> Wait.forResult(TestServer.db().query(BLOCKED_ON_AGENT_ROW).execute()).iterator().next().getLong(0),
            waiting -> waiting > 0);
          long during = shopper.say(conversation, "during your hello");
          shopper.awaitMessage("during your hello");
          Wait.forResult(tx.commit());

          desk.awaitType("welcome");
          List<JsonObject> frames = desk.all(f -> true);
          int welcomeAt = frames.indexOf(frames.stream().filter(f -> "welcome".equals(f.getString("type")))
            .findFirst().orElseThrow());
          // as a client does once welcomed: sync from the highest id it saw, on any connection
          long highest = Math.max(before,
            messageIds(frames.subList(0, welcomeAt)).stream().mapToLong(id -> id).max().orElse(0));
          desk.send(frame("sync").put("conversation_id", conversation).put("after_id", highest));
          desk.awaitType("synced");
          desk.awaitMessage("during your hello");
          List<Long> seen = messageIds(desk.all(f -> true));
          assertEquals(List.of(away, during), seen.stream().sorted().toList(),
            "what was said while away and during the hello, each once: " + desk.all(f -> true));
          assertEquals(0, welcomeAt, "the welcome is a connection's first frame: " + frames);
        }
      } finally {
        Wait.forResult(db.close());
      }
    }
  }

  @Test
  @DisplayName("a live message between the welcome and the client's sync of its conversation waits for that sync, so "
    + "it cannot move the client's highest id past what it missed while away")
  void liveMessagesWaitForTheSync(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Carla");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token())) {
      String conversation;
      long seen;
      try (ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
        conversation = shopper.open("Where is my parcel?").getString("id");
        desk.awaitType("assigned");
        desk.send(frame("sync").put("conversation_id", conversation).put("after_id", 0));
        desk.awaitType("synced");
        seen = desk.say(conversation, "Let me look.");
        shopper.awaitMessage("Let me look.");
      }
      long away = desk.say(conversation, "Found it: it left yesterday.");
      try (ChatClient shopper = ChatClient.hello(vertx, customer.token())) { // welcomed
        long live = desk.say(conversation, "Anything else?");
        // typing is relayed after the message on the same channel and is not held: once it is here, the message
        // would have been too, had it been sent live
        desk.send(frame("typing").put("conversation_id", conversation).put("typing", true));
        shopper.awaitType("typing");
        assertEquals(List.of(), messageIds(shopper.all(f -> true)),
          "no live message before the client synced the conversation: " + shopper.all(f -> true));
        shopper.send(frame("sync").put("conversation_id", conversation).put("after_id", seen));
        shopper.awaitType("synced");
        shopper.awaitMessage("Anything else?");
        assertEquals(List.of(away, live), messageIds(shopper.all(f -> true)),
          "what was said while away, then the live one, each once and in order: " + shopper.all(f -> true));
      }
    }
  }
}
