package io.surge.support.tickets;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.support.tickets.Tickets.Actor;
import io.surge.support.tickets.Tickets.NewTicket;
import io.surge.support.tickets.Tickets.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The customer's side (open, list, read own tickets, reply) and the thread both sides share: agents
 * and admins read and answer any ticket and may add internal notes; a customer meets only their own
 * tickets (404 for anyone else's) and never sees internal notes.
 */
final class TicketRoutes {

  private final Pool pool;
  private final Tickets tickets;
  private final Idempotency idempotency;

  TicketRoutes(Pool pool, Tickets tickets, Idempotency idempotency) {
    this.pool = pool;
    this.tickets = tickets;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("openTicket").addHandler(idempotency.handler(false)).addHandler(this::open);
    api.getRoute("listMyTickets").addHandler(this::listMine);
    api.getRoute("getTicket").addHandler(this::get);
    api.getRoute("listTicketMessages").addHandler(this::thread);
    api.getRoute("replyToTicket").addHandler(idempotency.handler(false)).addHandler(this::reply);
  }

  private void open(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID customer = UUID.fromString(Roles.userId(ctx));
    String orderId = body.getString("order_id");
    tickets
      .open(
        new NewTicket(customer, body.getString("subject").strip(), body.getString("body"), body.getString("category"),
          orderId == null ? null : UUID.fromString(orderId), null, new Actor(customer, Role.CUSTOMER)))
      .compose(ticket -> tickets.read(UUID.fromString(ticket.getString("id")), customer))
      .onSuccess(ticket -> Replies.created(ctx, "/api/v1/support/tickets/" + ticket.getString("id"), ticket))
      .onFailure(ctx::fail);
  }

  private void listMine(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    pool.preparedQuery(TicketSql.LIST_MINE).execute(Tuple.of(UUID.fromString(Roles.userId(ctx)),
      ctx.request().getParam("status"), after[0], after[1], page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(TicketJson.ticket(row)));
        Replies.ok(ctx, page.page(items, TicketRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Actor actor = actor(ctx);
    tickets.read(Ids.parse(ctx.pathParam("id"), "The ticket"), owner(actor))
      .onSuccess(ticket -> Replies.ok(ctx, ticket, ticket.getInteger("version")))
      .onFailure(ctx::fail);
  }

  /** The thread, oldest first. */
  private void thread(RoutingContext ctx) {
    UUID ticketId = Ids.parse(ctx.pathParam("id"), "The ticket");
    Actor actor = actor(ctx);
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    pool.preparedQuery(TicketSql.FIND).execute(Tuple.of(ticketId, owner(actor)))
      .compose(found -> {
        if (found.size() == 0) {
          throw ApiException.notFound("The ticket");
        }
        return pool.preparedQuery(TicketSql.THREAD)
          .execute(Tuple.of(ticketId, actor.staff(), after[0], after[1], page.fetchSize()));
      })
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(TicketJson.message(row)));
        Replies.ok(ctx, page.page(items, TicketRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx) {
    UUID ticketId = Ids.parse(ctx.pathParam("id"), "The ticket");
    Actor actor = actor(ctx);
    JsonObject body = ctx.body().asJsonObject();
    boolean internal = body.getBoolean("internal", false);
    if (internal && !actor.staff()) {
      ctx.fail(ApiException.forbidden("Only agents write internal notes."));
      return;
    }
    tickets.reply(ticketId, actor, body.getString("body"), internal)
      .onSuccess(message -> Replies.created(ctx, "/api/v1/support/tickets/" + ticketId + "/messages", message))
      .onFailure(ctx::fail);
  }

  /** Agents and admins act as staff; everyone else as a customer. */
  static Actor actor(RoutingContext ctx) {
    UUID id = UUID.fromString(Roles.userId(ctx));
    return new Actor(id, Roles.hasAny(ctx, Roles.AGENT, Roles.ADMIN) ? Role.AGENT : Role.CUSTOMER);
  }

  private static UUID owner(Actor actor) {
    return actor.staff() ? null : actor.id();
  }

  static JsonArray cursorOf(JsonObject item) {
    return new JsonArray().add(item.getString("created_at")).add(item.getString("id"));
  }
}
