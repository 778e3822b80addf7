package io.surge.support.chat;

import io.surge.Infrastructure;
import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.support.chat.Conversations.Caller;
import io.surge.support.tickets.TicketsBus;
import io.surge.support.tickets.TicketsBus.OpenTicket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The chat's REST side (lists, one conversation, paginated history) and its web pages. */
final class ChatRoutes {

  /** The pages load their own scripts, styles and the WebSocket from this origin, nothing else. */
  private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final Vertx vertx;
  private final Pool pool;
  private final Conversations conversations;

  private ChatRoutes(Infrastructure infra) {
    this.vertx = infra.vertx();
    this.pool = infra.pg();
    this.conversations = new Conversations(infra.vertx(), infra.pg(), new ChatRelay(infra.redis()),
      ChatSettings.from(infra.config()).agentCapacity());
  }

  static void mount(RouterBuilder api, Infrastructure infra) {
    ChatRoutes routes = new ChatRoutes(infra);
    api.getRoute("listChatConversations").addHandler(routes::list);
    api.getRoute("getChatConversation").addHandler(routes::get);
    api.getRoute("listChatMessages").addHandler(routes::messages);
    api.getRoute("chatToTicket").addHandler(routes::toTicket);
  }

  /** The customer widget and the agent console: static files under webroot/support. */
  static void mountPages(Router router) {
    // Vert.x matches "/support" for "/support/" too: only the bare path is redirected.
    router.get("/support").handler(ctx -> {
      if ("/support".equals(ctx.request().path())) {
        ctx.redirect("/support/");
      } else {
        ctx.next();
      }
    });
    router.route("/support/*")
      .handler(ctx -> {
        ctx.response().headers().set("Content-Security-Policy", PAGE_POLICY);
        if (ctx.request().path().endsWith(".md")) {
          // The static handler knows no type for Markdown (a browser would download it): it is text to read.
          ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Content-Type", "text/markdown; charset=utf-8"));
        }
        ctx.next();
      })
      .handler(StaticHandler.create("webroot/support").setCachingEnabled(false).setIndexPage("index.html"));
  }

  private void list(RoutingContext ctx) {
    Caller caller = caller(ctx);
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    String status = ctx.request().getParam("status");
    boolean mine = "true".equals(ctx.request().getParam("mine"));
    UUID customer = caller.agent() ? null : caller.id();
    UUID agent = caller.agent() && mine ? caller.id() : null;
    pool.preparedQuery(ChatSql.LIST).execute(Tuple.of(customer, status, agent, after[0], after[1], page.fetchSize()))
      .onSuccess(rows -> Replies.ok(ctx, page.page(ChatJson.conversations(rows),
        view -> new JsonArray().add(view.getString("updated_at")).add(view.getString("id")))))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Caller caller = caller(ctx);
    UUID id = Ids.parse(ctx.pathParam("id"), "The conversation");
    conversations.get(caller, id)
      .compose(view -> pool.preparedQuery(ChatSql.READS).execute(Tuple.of(id))
        .map(reads -> view.put("reads", ChatJson.reads(reads))))
      .compose(view -> pool.preparedQuery(ChatSql.AUDIT_TRAIL).execute(Tuple.of(id))
        .map(rows -> view.put("audit", ChatJson.audit(rows))))
      .compose(view -> caller.agent() ? customerContext(view) : Future.succeededFuture(view))
      .onSuccess(view -> Replies.ok(ctx, view, view.getInteger("version")))
      .onFailure(ctx::fail);
  }

  /** What an agent needs to know about the customer: their latest orders. */
  private Future<JsonObject> customerContext(JsonObject view) {
    return pool.preparedQuery(ChatSql.RECENT_ORDERS).execute(Tuple.of(UUID.fromString(view.getString("customer_id"))))
      .map(rows -> view.put("customer", new JsonObject().put("id", view.getString("customer_id"))
        .put("display_name", view.getString("customer_name")).put("recent_orders", ChatJson.orders(rows))));
  }

  private void messages(RoutingContext ctx) {
    Caller caller = caller(ctx);
    UUID id = Ids.parse(ctx.pathParam("id"), "The conversation");
    PageRequest page = PageRequest.from(ctx);
    Long before = beforeId(page);
    conversations.get(caller, id)
      .compose(view -> pool.preparedQuery(ChatSql.HISTORY).execute(Tuple.of(id, before, page.fetchSize())))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(ChatJson.message(row)));
        Replies.ok(ctx, page.page(items, message -> new JsonArray().add(message.getLong("id"))));
      })
      .onFailure(ctx::fail);
  }

  /**
   * An agent turns the conversation into a ticket: the customer, the order and the transcript go with it,
   * through the tickets domain's event-bus entry; a conversation becomes at most one ticket.
   */
  private void toTicket(RoutingContext ctx) {
    Caller caller = caller(ctx);
    if (!caller.agent()) {
      ctx.fail(ApiException.forbidden("Only agents turn a conversation into a ticket."));
      return;
    }
    UUID id = Ids.parse(ctx.pathParam("id"), "The conversation");
    JsonObject body = ctx.body() == null || ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    conversations.get(caller, id)
      .compose(view -> pool.preparedQuery(ChatSql.TRANSCRIPT).execute(Tuple.of(id)).map(rows -> new OpenTicket(
        UUID.fromString(view.getString("customer_id")),
        subject(body.getString("subject"), view.getString("subject")),
        ChatJson.transcript(rows),
        body.getString("category"),
        orderId(view),
        id,
        caller.id())))
      .compose(request -> vertx.eventBus().<JsonObject>request(TicketsBus.OPEN, request.toJson()))
      .onSuccess(reply -> Replies.ok(ctx, reply.body()))
      .onFailure(e -> ctx.fail(e instanceof ReplyException reply && reply.failureCode() >= 400
        ? new ApiException(reply.failureCode(), reply.getMessage(), "Ticket not opened",
          "The ticket could not be opened: "
            + reply.getMessage() + ".")
        : e));
  }

  private static UUID orderId(JsonObject conversation) {
    String orderId = conversation.getString("order_id");
    return orderId == null ? null : UUID.fromString(orderId);
  }

  private static String subject(String given, String conversationSubject) {
    String subject = given != null ? given : conversationSubject == null || conversationSubject.isBlank()
      ? "Chat conversation" : conversationSubject;
    return subject.length() > 200 ? subject.substring(0, 200) : subject;
  }

  /** Agents and admins read every conversation; anyone else is a customer who reads their own. */
  private static Caller caller(RoutingContext ctx) {
    boolean staff = Roles.has(ctx, Roles.AGENT) || Roles.has(ctx, Roles.ADMIN);
    return new Caller(UUID.fromString(Roles.userId(ctx)), staff);
  }

  private static Long beforeId(PageRequest page) {
    return page.longAfter();
  }
}
