package io.surge.support.tickets;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.support.tickets.Tickets.Change;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The agents' side (agents and admins): find tickets by status, assignee, category or customer; change them. */
final class AgentTicketRoutes {

  private final Pool pool;
  private final Tickets tickets;

  AgentTicketRoutes(Pool pool, Tickets tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  void mount(RouterBuilder api) {
    api.getRoute("agentListTickets").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN)).addHandler(this::list);
    api.getRoute("agentUpdateTicket").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN)).addHandler(this::update);
  }

  /** {@code assignee}: an agent's id, {@code me}, or {@code none} for the unassigned. */
  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    String assignee = ctx.request().getParam("assignee");
    boolean unassigned = "none".equals(assignee);
    UUID assigneeId = assignee == null || unassigned ? null
      : "me".equals(assignee) ? UUID.fromString(Roles.userId(ctx)) : uuidParam("assignee", assignee);
    String customer = ctx.request().getParam("customer");
    Tuple params = Tuple
      .of(ctx.request().getParam("status"), assigneeId, unassigned, ctx.request().getParam("category"),
        customer == null ? null : uuidParam("customer", customer), after[0])
      .addValue(after[1]).addInteger(page.fetchSize());
    pool.preparedQuery(TicketSql.LIST_ALL).execute(params)
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(TicketJson.ticket(row)));
        Replies.ok(ctx, page.page(items, TicketRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID ticketId = Ids.parse(ctx.pathParam("id"), "The ticket");
    JsonObject body = ctx.body().asJsonObject();
    String assignee = body.getString("assignee_id");
    Change change = new Change(body.getString("status"), body.containsKey("assignee_id"),
      assignee == null ? null : UUID.fromString(assignee), body.getString("category"), body.getString("note"),
      ETags.expectedVersion(ctx));
    tickets.change(ticketId, TicketRoutes.actor(ctx), change)
      .onSuccess(ticket -> Replies.ok(ctx, ticket, ticket.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private static UUID uuidParam(String name, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter(name, "format", name + " must be a user id" + ("assignee".equals(name)
        ? ", me or none." : "."));
    }
  }
}
