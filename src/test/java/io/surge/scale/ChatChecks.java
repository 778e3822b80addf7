package io.surge.scale;

import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What "no message lost or doubled" means, checked against what PostgreSQL stored. */
final class ChatChecks {

  private ChatChecks() {
  }

  /**
   * Every client's frames were acknowledged; the conversation holds {@code expected} messages, each stored once; every
   * client saw every one of them (as a frame, or as the ack of its own), and no message frame came twice.
   */
  static void deliveredOnce(String conversation, List<ResumingChat> clients, int expected) {
    for (ResumingChat client : clients) {
      try {
        Wait.until("every frame acknowledged", Duration.ofSeconds(30), Duration.ofMillis(50), client::unacknowledged,
          left -> left == 0);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("never acknowledged: " + client.unackedFrames() + "; errors: " + client.errors(), e);
      }
    }
    List<Long> stored = new ArrayList<>();
    Set<String> bodies = new HashSet<>();
    for (Row row : Wait.forResult(TestServer.db().preparedQuery(
      "SELECT id, body FROM chat_messages WHERE conversation_id = $1 ORDER BY id")
      .execute(Tuple.of(UUID.fromString(conversation))))) {
      stored.add(row.getLong(0));
      bodies.add(row.getString(1));
    }
    assertEquals(expected, stored.size(), "messages stored");
    assertEquals(expected, bodies.size(), "each message stored once");
    for (ResumingChat client : clients) {
      try {
        Wait.until("every message reached the client", Duration.ofSeconds(20), Duration.ofMillis(50),
          () -> missing(client, stored), List::isEmpty);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
          "missing " + missing(client, stored) + "; what the client saw:\n" + client.journal(), e);
      }
      Map<Long, Integer> deliveries = client.deliveries();
      assertTrue(deliveries.values().stream().allMatch(times -> times == 1),
        () -> "doubled: " + deliveries + "; what the client saw:\n" + client.journal());
      assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
    }
  }

  private static List<Long> missing(ResumingChat client, List<Long> stored) {
    Set<Long> seen = new HashSet<>(client.deliveries().keySet());
    seen.addAll(client.acked().values());
    return stored.stream().filter(id -> !seen.contains(id)).toList();
  }
}
