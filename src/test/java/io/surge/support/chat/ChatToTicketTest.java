package io.surge.support.chat;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ChatToTicketTest {

  @Test
  @DisplayName("an agent turns a chat into a ticket the customer then sees, transcript included; once per chat; customers cannot")
  void chatBecomesTicket(Vertx vertx) {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Ada");
    Api api = new Api(vertx);
    try (ChatClient desk = ChatClient.hello(vertx, agent.token());
      ChatClient shopper = ChatClient.hello(vertx, customer.token())) {
      String id = shopper.open("My blender arrived broken").getString("id");
      desk.awaitType("assigned");
      desk.say(id, "Sorry to hear that, I will open a return for you.");
      String path = "/api/v1/support/conversations/" + id + "/ticket";

      assertEquals(403, api.post(path, customer.token(), new JsonObject()).status(), "customers cannot");
      Reply made = api.post(path, agent.token(),
        new JsonObject().put("subject", "Broken blender").put("category", "return"));
      assertEquals(200, made.status(), made::toString);
      JsonObject ticket = made.json();
      assertEquals(id, ticket.getString("conversation_id"));
      assertEquals(customer.id(), ticket.getString("customer_id"));
      assertEquals("Broken blender", ticket.getString("subject"));
      assertEquals("return", ticket.getString("category"));
      assertEquals(ticket.getString("id"), api.post(path, agent.token(), new JsonObject()).json().getString("id"),
        "a conversation becomes one ticket");

      JsonArray mine = api.get("/api/v1/support/tickets", customer.token()).json().getJsonArray("items");
      assertEquals(1, mine.size());
      String transcript = api.get("/api/v1/support/tickets/" + ticket.getString("id") + "/messages", customer.token())
        .json()
        .getJsonArray("items").getJsonObject(0).getString("body");
      assertTrue(transcript.contains("customer: My blender arrived broken"), transcript);
      assertTrue(transcript.contains("agent: Sorry to hear that"), transcript);
      assertEquals(404, api.post("/api/v1/support/conversations/" + UUID.randomUUID() + "/ticket", agent.token(),
        new JsonObject()).status());
      assertEquals(400, api.post(path, agent.token(), new JsonObject().put("category", "nonsense")).status());
    }
  }
}
