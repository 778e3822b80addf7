package io.surge.support.tickets;

import io.surge.support.Agents;
import io.surge.support.Agents.Agent;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.surge.support.tickets.TicketsBus.OpenTicket;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agents' desk: finding tickets, chats turned into tickets, the auto-close clock, bad input. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class TicketDeskTest {

  private Api api;
  private TicketFixtures desk;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    desk = new TicketFixtures(api);
  }

  @Test
  @DisplayName("agents filter by status, assignee, category and customer, and walk the list by cursor without gaps or repeats")
  void listFiltersAndCursor() {
    Agent agent = Agents.create(api, desk.admin());
    String alice = api.customerToken();
    String bob = api.customerToken();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(0, desk.open(i % 2 == 0 ? alice : bob, "Question " + i, i < 3 ? "payment" : "return").getString("id"));
    }
    String aliceId = api.get("/api/v1/me", alice).json().getString("id");
    desk.patch(agent.token(), all.get(0), new JsonObject().put("assignee_id", agent.id()));
    desk.patch(agent.token(), all.get(1), new JsonObject().put("status", "solved"));

    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      Reply page = api.get("/api/v1/support/agent/tickets?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
        agent.token());
      assertEquals(200, page.status(), page::toString);
      assertTrue(page.json().getJsonArray("items").size() <= 2);
      walked.addAll(TicketLifecycleTest.ids(page.json().getJsonArray("items")));
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    assertEquals(all, walked, "newest first, every ticket exactly once");

    assertEquals(List.of(all.get(0), all.get(1)), list(agent, "category=return"));
    assertEquals(List.of(all.get(2), all.get(3), all.get(4)), list(agent, "category=payment"));
    assertEquals(List.of(all.get(0)), list(agent, "assignee=" + agent.id()));
    assertEquals(List.of(all.get(0)), list(agent, "status=open"));
    assertEquals(List.of(all.get(1)), list(agent, "status=solved"));
    assertEquals(List.of(all.get(2), all.get(3), all.get(4)), list(agent, "status=new&assignee=none&category=payment"));
    assertEquals(List.of(all.get(0), all.get(2), all.get(4)), list(agent, "customer=" + aliceId));
    assertEquals(List.of(all.get(1)),
      list(agent, "status=solved&customer=" + api.get("/api/v1/me", bob).json().getString("id")));

    Reply admin = api.get("/api/v1/support/agent/tickets?status=solved", desk.admin());
    assertEquals(200, admin.status(), "admins can do what agents do");
    Reply badAssignee = api.get("/api/v1/support/agent/tickets?assignee=bob", agent.token());
    assertEquals(400, badAssignee.status());
    assertEquals("application/problem+json", badAssignee.header("Content-Type"));
    assertEquals(400, api.get("/api/v1/support/agent/tickets?status=lost", agent.token()).status());
    assertEquals(400, api.get("/api/v1/support/agent/tickets?cursor=garbage", agent.token()).status());
  }

  @Test
  @DisplayName("a chat becomes a ticket once through the event bus; assigning to a customer is refused (422) and changes nothing")
  void chatToTicketAndAssigneeRules() {
    Agent agent = Agents.create(api, desk.admin());
    String customerToken = api.customerToken();
    String customerId = api.get("/api/v1/me", customerToken).json().getString("id");
    String conversation = UUID.randomUUID().toString();
    JsonObject request = new OpenTicket(UUID.fromString(customerId), "Chat: size exchange",
      "Customer wants size M instead.",
      "return", null, UUID.fromString(conversation), UUID.fromString(agent.id())).toJson();
    Vertx server = TestServer.get().vertx();
    JsonObject first = Wait.forResult(server.eventBus().<JsonObject>request(TicketsBus.OPEN, request)).body();
    JsonObject again = Wait.forResult(server.eventBus().<JsonObject>request(TicketsBus.OPEN, request)).body();
    assertEquals(first.getString("id"), again.getString("id"), "one ticket per conversation");
    assertEquals(conversation, first.getString("conversation_id"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM tickets"));

    Reply seen = api.get("/api/v1/support/tickets/" + first.getString("id"), customerToken);
    assertEquals(200, seen.status(), "the customer sees the ticket made from their chat");
    assertEquals("from a chat", seen.json().getJsonArray("history").getJsonObject(0).getString("note"));
    JsonObject message = api.get("/api/v1/support/tickets/" + first.getString("id") + "/messages", customerToken).json()
      .getJsonArray("items").getJsonObject(0);
    assertEquals("agent", message.getString("author_role"));

    ReplyException taken = assertThrows(ReplyException.class, () -> Wait.forResult(server.eventBus()
      .request(TicketsBus.OPEN, request.copy().put("customer_id", agent.id()))));
    assertEquals(409, taken.failureCode(), "a conversation's ticket is never handed to another customer");
    ReplyException bad = assertThrows(ReplyException.class, () -> Wait.forResult(server.eventBus()
      .request(TicketsBus.OPEN, new JsonObject().put("customer_id", "nobody"))));
    assertEquals(400, bad.failureCode());

    Reply toCustomer = desk.patch(agent.token(), first.getString("id"),
      new JsonObject().put("assignee_id", customerId));
    assertEquals(422, toCustomer.status(), toCustomer::toString);
    assertEquals("unknown_agent", toCustomer.code());
    assertEquals("new",
      api.get("/api/v1/support/tickets/" + first.getString("id"), agent.token()).json().getString("status"));
    Reply unassign = desk.patch(agent.token(), first.getString("id"),
      new JsonObject().putNull("assignee_id").put("category", "order"));
    assertEquals(200, unassign.status(), unassign::toString);
    assertEquals("order", unassign.json().getString("category"));
  }

  @Test
  @DisplayName("a solved ticket nobody answered closes by itself after tickets.autoCloseDays; a reopened one does not")
  void autoClose() {
    Agent agent = Agents.create(api, desk.admin());
    String customer = api.customerToken();
    String quiet = desk.open(customer, "Invoice copy", "payment").getString("id");
    String reopened = desk.open(customer, "Wrong colour", "return").getString("id");
    desk.patch(agent.token(), quiet, new JsonObject().put("status", "solved"));
    desk.patch(agent.token(), reopened, new JsonObject().put("status", "solved"));
    desk.reply(customer, reopened, "Not solved, still the wrong colour");
    Wait.forResult(TestServer.db().query("UPDATE tickets SET solved_at = now() - interval '8 days'").execute());

    // The sweep runs every 5 s.
    Wait.until("the unanswered solved ticket to close", Duration.ofSeconds(20),
      () -> api.get("/api/v1/support/tickets/" + quiet, customer).json().getString("status"), "closed"::equals);
    JsonArray history = api.get("/api/v1/support/tickets/" + quiet, customer).json().getJsonArray("history");
    JsonObject last = history.getJsonObject(history.size() - 1);
    assertEquals("system", last.getString("actor"));
    assertTrue(last.getString("note").contains("7 days"));
    assertEquals("open", api.get("/api/v1/support/tickets/" + reopened, customer).json().getString("status"));
  }

  @Test
  @DisplayName("opening a ticket with an Idempotency-Key twice makes one ticket and replays the first answer")
  void idempotentOpen() {
    String customer = api.customerToken();
    JsonObject body = new JsonObject().put("subject", "Double click").put("body", "Sent twice");
    Reply first = api.call(HttpMethod.POST, "/api/v1/support/tickets").bearer(customer)
      .header("Idempotency-Key", "help-1").send(body);
    Reply again = api.call(HttpMethod.POST, "/api/v1/support/tickets").bearer(customer)
      .header("Idempotency-Key", "help-1").send(body);
    assertEquals(201, first.status(), first::toString);
    assertEquals(201, again.status());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json().getString("id"), again.json().getString("id"));
    Reply changed = api.call(HttpMethod.POST, "/api/v1/support/tickets").bearer(customer)
      .header("Idempotency-Key", "help-1")
      .send(body.copy().put("subject", "Another"));
    assertEquals(422, changed.status());
    assertEquals(1, TestServer.count("SELECT count(*) FROM tickets"));
  }

  @Test
  @DisplayName("bad ticket input answers problem+json with field errors and stores nothing")
  void badInput() {
    String customer = api.customerToken();
    List<JsonObject> bad = List.of(
      new JsonObject().put("body", "no subject"),
      new JsonObject().put("subject", "  ").put("body", "blank subject"),
      new JsonObject().put("subject", "x".repeat(201)).put("body", "long subject"),
      new JsonObject().put("subject", "Category").put("body", "b").put("category", "complaints"),
      new JsonObject().put("subject", "Order").put("body", "b").put("order_id", "not-a-uuid"),
      new JsonObject().put("subject", "Extra").put("body", "b").put("priority", "urgent"));
    for (JsonObject body : bad) {
      Reply reply = api.post("/api/v1/support/tickets", customer, body);
      assertEquals("application/problem+json", reply.header("Content-Type"), body::encode);
      assertEquals(400, reply.status(), body::encode);
    }
    Reply malformed = api.call(HttpMethod.POST, "/api/v1/support/tickets").bearer(customer).sendRaw("{\"subject\":");
    assertEquals(400, malformed.status());
    assertEquals(0, TestServer.count("SELECT count(*) FROM tickets"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM ticket_messages"));
  }

  private List<String> list(Agent agent, String query) {
    Reply reply = api.get("/api/v1/support/agent/tickets?" + query, agent.token());
    assertEquals(200, reply.status(), reply::toString);
    return TicketLifecycleTest.ids(reply.json().getJsonArray("items"));
  }
}
