package io.surge.support.chat;

import io.surge.support.SecondServer;
import io.surge.support.SurgeServerExtension;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.surge.support.chat.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatCrossInstanceTest {

  @Test
  @DisplayName("a customer on instance A and an agent on instance B (separate Vert.x, separate event buses) chat in real time through Redis")
  void twoInstances(Vertx vertx) throws Exception {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Grace");
    try (SecondServer second = SecondServer.start()) {
      int port = second.port();
      try (ChatClient desk = ChatClient.hello(vertx, port, agent.token());
        ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
        String id = shopper.open("Is this in stock?").getString("id");
        assertEquals(agent.id(), shopper.awaitType("assigned").getJsonObject("conversation").getString("agent_id"));
        desk.awaitType("assigned");

        desk.send(frame("typing").put("conversation_id", id).put("typing", true));
        assertTrue(shopper.awaitType("typing").getBoolean("typing"));
        for (int i = 0; i < 8; i++) {
          long sent = System.nanoTime();
          desk.say(id, "answer " + i);
          shopper.awaitMessage("answer " + i);
          shopper.say(id, "question " + i);
          desk.awaitMessage("question " + i);
          assertTrue((System.nanoTime() - sent) / 1_000_000 < 2000, "real time across instances");
        }
        shopper.request(frame("read").put("conversation_id", id).put("message_id", 1_000_000));
        assertEquals(customer.id(), desk.awaitType("read").getString("user_id"));
      }
    }
  }
}
