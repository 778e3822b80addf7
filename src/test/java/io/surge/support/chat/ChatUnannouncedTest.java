package io.surge.support.chat;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message can be committed and acknowledged-to-be by a process that stops before it announces it (a rolling
 * restart). That is replayed here exactly: the message is written as the first try's transaction writes it, and no
 * announcement goes out. The other party must still get it, once, and before any later message (a client syncs from
 * the highest id it saw, so a later one first would hide it for good).
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatUnannouncedTest {

  private static final String STORED_UNANNOUNCED = """
    WITH m AS (INSERT INTO chat_messages (conversation_id, sender_id, sender_role, client_id, body)
      VALUES ($1, $2, 'customer', $3, $4) RETURNING id)
    UPDATE chat_conversations c SET last_message_id = m.id FROM m WHERE c.id = $1 RETURNING m.id""";

  private record Chat(ChatClient shopper, ChatClient desk, String conversation, Person customer) {
  }

  private static Chat assigned(ChatClient shopper, ChatClient desk, Person customer) {
    String id = shopper.open("Where is my parcel?").getString("id");
    desk.awaitType("assigned");
    // the agent follows the conversation as PROTOCOL.md says: a sync from 0
    desk.send(frame("sync").put("conversation_id", id).put("after_id", 0));
    desk.awaitType("synced");
    shopper.send(frame("sync").put("conversation_id", id).put("after_id", 0));
    shopper.awaitType("synced");
    return new Chat(shopper, desk, id, customer);
  }

  private static long storedUnannounced(Chat chat, String clientId, String text) {
    return Wait.forResult(TestServer.db().preparedQuery(STORED_UNANNOUNCED).execute(Tuple.of(
      UUID.fromString(chat.conversation()), UUID.fromString(chat.customer().id()), clientId, text)))
      .iterator().next().getLong(0);
  }

  private static List<Long> messagesSeen(ChatClient client) {
    return client.all(f -> "message".equals(f.getString("type")))
      .stream().map(f -> f.getJsonObject("message").getLong("id")).toList();
  }

  @Test
  @DisplayName("a message whose first try was stored but never announced reaches the other party when the sender "
    + "re-sends it (same id), once")
  void retryAnnouncesAgain(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Hedy");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      Chat chat = assigned(shopper, desk, customer);
      long stored = storedUnannounced(chat, "c-lost", "did you get this?");

      JsonObject ack = shopper.request(frame("message").put("id", "c-lost").put("conversation_id", chat.conversation())
        .put("text", "did you get this?"));
      assertEquals(stored, ack.getLong("message_id"));
      assertTrue(ack.getBoolean("duplicate"));
      assertEquals(stored, desk.awaitMessage("did you get this?").getJsonObject("message").getLong("id"));

      // and a third try (its ack lost again) does not show it twice to a connection that already has it
      shopper.request(frame("message").put("id", "c-lost").put("conversation_id", chat.conversation())
        .put("text", "did you get this?"));
      long next = shopper.say(chat.conversation(), "hello?");
      desk.awaitMessage("hello?");
      assertEquals(List.of(stored, next), messagesSeen(desk).stream().filter(id -> id >= stored).toList());
    }
  }

  @Test
  @DisplayName("a connection that never heard of a stored message gets it from PostgreSQL before the next one, in "
    + "order, each once")
  void gapFilledBeforeTheNextMessage(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Radia");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      Chat chat = assigned(shopper, desk, customer);
      long before = shopper.say(chat.conversation(), "first");
      desk.awaitMessage("first");
      long lost1 = storedUnannounced(chat, "c-gone-1", "lost one");
      long lost2 = storedUnannounced(chat, "c-gone-2", "lost two");
      long after = shopper.say(chat.conversation(), "after the gap");

      desk.awaitMessage("after the gap");
      assertEquals(List.of(before, lost1, lost2, after),
        messagesSeen(desk).stream().filter(id -> id >= before).toList(),
        "the agent's connection sent the two it never heard of, then the next, each once");
      // the customer's own connection (synced too) fills the same gap: its earlier tries' acks were lost with them
      shopper.awaitMessage("after the gap");
      assertEquals(List.of(before, lost1, lost2, after),
        messagesSeen(shopper).stream().filter(id -> id >= before).toList());
    }
  }
}
