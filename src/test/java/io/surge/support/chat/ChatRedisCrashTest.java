package io.surge.support.chat;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatRedisCrashTest {

  @Test
  @DisplayName("Redis killed and restarted empty: connected clients are told to resync, the chat goes on, nothing doubles")
  void chatSurvivesRedisCrash(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Linus");
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      String id = shopper.open("Is the red one back in stock?").getString("id");
      desk.awaitType("assigned");
      shopper.awaitType("assigned");

      TestServer.crashRedis();
      shopper.awaitType("resync");
      desk.awaitType("resync");

      // What a client does on resync: ask for what it may have missed; then the conversation carries on.
      shopper.send(frame("sync").put("conversation_id", id).put("after_id", 0));
      shopper.awaitType("synced");
      long asked = shopper.say(id, "Hello again after the outage");
      assertEquals(asked, desk.awaitMessage("Hello again after the outage").getJsonObject("message").getLong("id"));
      long answered = desk.say(id, "Yes, since this morning.");
      assertEquals(answered, shopper.awaitMessage("Yes, since this morning.").getJsonObject("message").getLong("id"));

      // A message after a second round trip proves the first was delivered once, not twice.
      shopper.say(id, "Thanks!");
      desk.awaitMessage("Thanks!");
      assertEquals(1, desk.all(f -> "message".equals(f.getString("type"))
        && "Hello again after the outage".equals(f.getJsonObject("message").getString("text"))).size(),
        "delivered once");
    }
  }
}
