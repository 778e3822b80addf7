package io.surge.support.chat;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message is stored in one statement (ChatSql.POST); what the conversation's row lock guaranteed still holds. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatPostTest {

  private static final int EACH = 8;

  @Test
  @DisplayName("messages posted at once by both sides of a pending conversation: one 'answered' audit row, the last message id is the highest, each side sees every message once in id order")
  void concurrentPostsSerialiseOnTheConversation(Vertx vertx) {
    Person grace = ChatFixtures.agent(vertx, "Grace");
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    try (ChatClient desk = ChatClient.hello(vertx, grace.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      desk.request(frame("presence").put("available", false));
      String id = shopper.open("where is my parcel").getString("id");
      desk.request(frame("take").put("conversation_id", id));
      desk.request(frame("pending").put("conversation_id", id));
      // synced: from here on each connection sends the conversation gapless and in order (ChatSync)
      for (ChatClient side : List.of(shopper, desk)) {
        side.send(frame("sync").put("conversation_id", id).put("after_id", 0));
        side.awaitType("synced");
      }

      // both sides write at once, without waiting for acks: the server handles a connection's frames concurrently
      for (int i = 0; i < EACH; i++) {
        shopper.send(frame("message").put("id", "c" + i).put("conversation_id", id).put("text", "c" + i));
        desk.send(frame("message").put("id", "a" + i).put("conversation_id", id).put("text", "a" + i));
      }
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        String c = "c" + i;
        String a = "a" + i;
        ids.add(shopper.await(f -> c.equals(f.getString("id")) && "ack".equals(f.getString("type")))
          .getLong("message_id"));
        ids.add(desk.await(f -> a.equals(f.getString("id")) && "ack".equals(f.getString("type")))
          .getLong("message_id"));
      }
      long highest = ids.stream().mapToLong(Long::longValue).max().orElseThrow();

      assertEquals(1, TestServer.count("SELECT count(*) FROM chat_audit WHERE conversation_id = '" + id
        + "' AND action = 'answered'"), "only the first customer message puts it back to open");
      JsonObject row = TestServer.db()
        .preparedQuery("SELECT status, last_message_id FROM chat_conversations WHERE id = $1::uuid")
        .execute(Tuple.of(id)).await().iterator().next().toJson();
      assertEquals("open", row.getString("status"));
      assertEquals(highest, row.getLong("last_message_id"), "the last message id is the highest stored");

      for (ChatClient side : List.of(shopper, desk)) {
        for (int i = 0; i < 2 * EACH; i++) {
          side.await(
            f -> "message".equals(f.getString("type")) && ids.contains(f.getJsonObject("message").getLong("id")));
        }
        List<Long> seen = side.all(f -> "message".equals(f.getString("type")))
          .stream().map(f -> f.getJsonObject("message").getLong("id")).filter(ids::contains).toList();
        assertEquals(2 * EACH, seen.size(), "each message once: " + seen);
        for (int i = 1; i < seen.size(); i++) {
          assertTrue(seen.get(i - 1) < seen.get(i), "in id order: " + seen);
        }
        assertEquals(highest, seen.get(seen.size() - 1));
      }
    }
  }
}
