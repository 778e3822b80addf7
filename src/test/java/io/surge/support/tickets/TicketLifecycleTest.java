package io.surge.support.tickets;

import io.surge.support.Agents;
import io.surge.support.Agents.Agent;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class TicketLifecycleTest {

  private Api api;
  private TicketFixtures desk;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    desk = new TicketFixtures(api);
  }

  @Test
  @DisplayName("new -> assigned (open) -> agent reply, pending -> customer reply reopens -> solved -> closed; thread, notes, history and events")
  void lifecycle() {
    String customer = api.customerToken();
    Agent agent = Agents.create(api, desk.admin());
    String orderId = desk.order(customer, "LAMP-1");

    Reply opened = api.post("/api/v1/support/tickets", customer, new JsonObject().put("subject", "Lamp arrived broken")
      .put("body", "The shade is cracked.").put("category", "delivery").put("order_id", orderId));
    assertEquals(201, opened.status(), opened::toString);
    JsonObject ticket = opened.json();
    String id = ticket.getString("id");
    assertEquals("/api/v1/support/tickets/" + id, opened.header("Location"));
    assertEquals("new", ticket.getString("status"));
    assertEquals(orderId, ticket.getString("order_id"));
    assertNotNull(ticket.getLong("number"));
    assertNull(ticket.getString("assignee_id"));
    assertEquals(List.of("created"), changes(ticket));

    Reply mine = api.get("/api/v1/support/tickets", customer);
    assertEquals(List.of(id), ids(mine.json().getJsonArray("items")));

    Reply queue = api.get("/api/v1/support/agent/tickets?status=new&assignee=none", agent.token());
    assertEquals(List.of(id), ids(queue.json().getJsonArray("items")), queue::toString);

    Reply stale = api.call(HttpMethod.PATCH, "/api/v1/support/agent/tickets/" + id).bearer(agent.token())
      .header("If-Match", "\"99\"").send(new JsonObject().put("assignee_id", agent.id()));
    assertEquals(412, stale.status(), stale::toString);

    Reply assigned = api.call(HttpMethod.PATCH, "/api/v1/support/agent/tickets/" + id).bearer(agent.token())
      .header("If-Match", "\"1\"").send(new JsonObject().put("assignee_id", agent.id()));
    assertEquals(200, assigned.status(), assigned::toString);
    assertEquals("open", assigned.json().getString("status"), "assigning a new ticket opens it");
    assertEquals(agent.id(), assigned.json().getString("assignee_id"));
    assertEquals("\"2\"", assigned.header("ETag"));
    assertEquals(List.of(id),
      ids(api.get("/api/v1/support/agent/tickets?assignee=me", agent.token()).json().getJsonArray("items")));
    JsonObject context = assigned.json().getJsonObject("customer");
    assertEquals(ticket.getString("customer_id"), context.getString("id"), "agents see who the customer is");
    assertTrue(context.getString("email").startsWith("shopper-"));
    assertEquals(orderId, context.getJsonArray("recent_orders").getJsonObject(0).getString("id"));
    assertEquals("pending_payment", context.getJsonArray("recent_orders").getJsonObject(0).getString("status"));
    assertNull(api.get("/api/v1/support/tickets/" + id, customer).json().getJsonObject("customer"));

    Reply note = api.post("/api/v1/support/tickets/" + id + "/messages", agent.token(),
      new JsonObject().put("body", "Carrier damage again; claim with DHL.").put("internal", true));
    assertEquals(201, note.status(), note::toString);
    assertEquals(201, desk.reply(agent.token(), id, "Sorry! A new lamp is on its way.").status());
    assertEquals("pending", desk.patch(agent.token(), id, new JsonObject().put("status", "pending")
      .put("note", "waiting for photos")).json().getString("status"));

    Reply customerReply = desk.reply(customer, id, "Thanks, here are the photos.");
    assertEquals(201, customerReply.status(), customerReply::toString);
    assertEquals("customer", customerReply.json().getString("author_role"));
    assertEquals("open", api.get("/api/v1/support/tickets/" + id, customer).json().getString("status"),
      "the customer's reply reopens a pending ticket");

    JsonArray customerThread = api.get("/api/v1/support/tickets/" + id + "/messages", customer).json()
      .getJsonArray("items");
    assertEquals(List.of("The shade is cracked.", "Sorry! A new lamp is on its way.", "Thanks, here are the photos."),
      bodies(customerThread), "the customer never sees internal notes");
    JsonArray agentThread = api.get("/api/v1/support/tickets/" + id + "/messages", agent.token()).json()
      .getJsonArray("items");
    assertEquals(4, agentThread.size());
    assertTrue(agentThread.getJsonObject(1).getBoolean("internal"));
    assertEquals(403, api.post("/api/v1/support/tickets/" + id + "/messages", customer,
      new JsonObject().put("body", "sneaky").put("internal", true)).status(), "customers cannot write internal notes");

    assertEquals("solved",
      desk.patch(agent.token(), id, new JsonObject().put("status", "solved")).json().getString("status"));
    JsonObject closed = desk.patch(agent.token(), id, new JsonObject().put("status", "closed")).json();
    assertEquals("closed", closed.getString("status"));
    assertNotNull(closed.getString("solved_at"));

    Reply late = desk.reply(customer, id, "One more thing");
    assertEquals(409, late.status(), late::toString);
    assertEquals("ticket_closed", late.code());
    assertEquals(409, desk.patch(agent.token(), id, new JsonObject().put("status", "open")).status(),
      "closed is final");

    JsonObject read = api.get("/api/v1/support/tickets/" + id, customer).json();
    List<String> statuses = read.getJsonArray("history").stream().map(h -> (JsonObject) h)
      .filter(h -> !"assignee".equals(h.getString("change"))).map(h -> h.getString("to")).toList();
    assertEquals(List.of("new", "open", "pending", "open", "solved", "closed"), statuses);
    JsonObject reopen = read.getJsonArray("history").getJsonObject(4);
    assertEquals("customer", reopen.getString("actor"));
    assertEquals("waiting for photos", read.getJsonArray("history").getJsonObject(3).getString("note"));
    assertEquals(1, read.getJsonArray("history").stream()
      .filter(h -> "assignee".equals(((JsonObject) h).getString("change"))).count());

    List<String> events = TopicReader.readAll("surge.support", 7, Duration.ofSeconds(20)).stream()
      .filter(r -> id.equals(r.key())).map(ConsumerRecord::value).map(JsonObject::new).map(e -> e.getString("type"))
      .toList();
    assertEquals(List.of("ticket.created", "ticket.updated", "ticket.replied", "ticket.updated", "ticket.replied",
      "ticket.updated", "ticket.updated"), events);
  }

  @Test
  @DisplayName("customers meet only their own tickets (404 for others'), cannot use the agents' routes, cannot attach others' orders")
  void ownership() {
    String alice = api.customerToken();
    String bob = api.customerToken();
    String id = desk.open(alice, "Where is my parcel?", "delivery").getString("id");

    assertEquals(404, api.get("/api/v1/support/tickets/" + id, bob).status());
    assertEquals(404, api.get("/api/v1/support/tickets/" + id + "/messages", bob).status());
    Reply reply = desk.reply(bob, id, "let me in");
    assertEquals(404, reply.status());
    assertEquals("application/problem+json", reply.header("Content-Type"));
    assertEquals(0, api.get("/api/v1/support/tickets", bob).json().getJsonArray("items").size());
    assertEquals(403, api.get("/api/v1/support/agent/tickets", alice).status());
    assertEquals(403, desk.patch(alice, id, new JsonObject().put("status", "solved")).status());
    assertEquals(401, api.get("/api/v1/support/tickets/" + id, null).status());
    assertEquals(404, api.get("/api/v1/support/tickets/not-a-ticket", alice).status());

    String bobsOrder = desk.order(bob, "BOB-1");
    Reply foreign = api.post("/api/v1/support/tickets", alice, new JsonObject().put("subject", "Refund")
      .put("body", "For this order").put("order_id", bobsOrder));
    assertEquals(422, foreign.status(), foreign::toString);
    assertEquals("unknown_order", foreign.code());
    assertEquals(1, TestServer.count("SELECT count(*) FROM tickets"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM ticket_messages"), "bob's reply was not stored");
  }

  private static List<String> changes(JsonObject ticket) {
    return ticket.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("change")).toList();
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static List<String> bodies(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("body")).toList();
  }
}
