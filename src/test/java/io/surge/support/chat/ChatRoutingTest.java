package io.surge.support.chat;

import io.surge.support.SecondServer;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames go only to the instances that hold their recipients: Redis counts exactly one subscriber (the instance the
 * user is connected to) on a user's channel, none once the user has gone, and the subscriptions come back after
 * Redis restarts empty.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatRoutingTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);

  @Test
  @DisplayName("two instances: each user's channel is subscribed by the one instance holding them, released when they "
    + "leave, and restored after a Redis crash; the chat works across the instances throughout")
  void framesGoWhereTheRecipientsAre(Vertx vertx) throws Exception {
    List<Person> people = ChatFixtures.customers(vertx, 2);
    Person customer = people.get(0);
    Person bystander = people.get(1);
    Person agent = ChatFixtures.agent(vertx, "Ada");
    try (SecondServer second = SecondServer.start()) {
      int port = second.port();
      try (ChatClient desk = ChatClient.hello(vertx, port, agent.token());
        ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
        // welcomed: the subscriptions are in place already, not on their way
        assertEquals(1, subscribers(channel(customer)), "the customer's channel: the first instance only");
        assertEquals(1, subscribers(channel(agent)), "the agent's channel: the second instance only");
        assertEquals(1, subscribers("surge:chat:agents"), "only the second instance holds an agent");
        assertEquals(0, subscribers(channel(bystander)), "no instance subscribes a user connected nowhere");

        String id = shopper.open("Do you ship to Iceland?").getString("id");
        desk.awaitType("assigned");
        shopper.awaitType("assigned");
        converse(desk, shopper, id, "before");

        // the bystander on the second instance: subscribed there while connected, released when gone
        try (ChatClient ignored = ChatClient.hello(vertx, port, bystander.token())) {
          assertEquals(1, subscribers(channel(bystander)));
        }
        Wait.until("the bystander's channel released after their last connection closed", WITHIN,
          () -> subscribers(channel(bystander)), count -> count == 0);

        TestServer.crashRedis();
        shopper.awaitType("resync");
        desk.awaitType("resync");
        Wait.until("both users' channels subscribed again after Redis came back", WITHIN,
          () -> subscribers(channel(customer)) + subscribers(channel(agent)) + subscribers("surge:chat:agents"),
          count -> count == 3);
        assertEquals(1, subscribers(channel(customer)));
        assertEquals(0, subscribers(channel(bystander)), "a released channel stays released after the restore");
        converse(desk, shopper, id, "after");
      }
      Wait.until("channels released when their users left", WITHIN,
        () -> subscribers(channel(customer)) + subscribers(channel(agent)) + subscribers("surge:chat:agents"),
        count -> count == 0);
    }
  }

  private static void converse(ChatClient desk, ChatClient shopper, String id, String when) {
    long asked = shopper.say(id, "question " + when);
    assertEquals(asked, desk.awaitMessage("question " + when).getJsonObject("message").getLong("id"));
    long answered = desk.say(id, "answer " + when);
    assertEquals(answered, shopper.awaitMessage("answer " + when).getJsonObject("message").getLong("id"));
  }

  private static String channel(Person person) {
    return "surge:chat:u:" + person.id();
  }

  /** PUBSUB NUMSUB: how many connections (one per instance) are subscribed to the channel. */
  private static long subscribers(String channel) {
    Response answer = Wait.forResult(TestServer.redis().pubsub(List.of("NUMSUB", channel)));
    return answer.get(1).toLong();
  }
}
