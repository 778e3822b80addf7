package io.surge.orders;

import io.surge.auth.Roles;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.orders.OrderStatus.Transition;
import io.surge.orders.OrderTransitions.Actor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Staff side: find orders, ship and deliver them; mark-paid stands in for payments until that domain lands. */
final class AdminOrderRoutes {

  private final Pool pool;
  private final OrderTransitions transitions;
  private final OrderReads reads;

  AdminOrderRoutes(Pool pool, OrderTransitions transitions, OrderReads reads) {
    this.pool = pool;
    this.transitions = transitions;
    this.reads = reads;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminListOrders").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
    api.getRoute("adminGetOrder").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::get);
    api.getRoute("adminShipOrder").addHandler(Roles.require(Roles.ADMIN)).addHandler(ctx -> move(ctx, Transition.SHIP,
      ctx.body().asJsonObject()));
    api.getRoute("adminDeliverOrder").addHandler(Roles.require(Roles.ADMIN))
      .addHandler(ctx -> move(ctx, Transition.DELIVER, null));
    api.getRoute("adminMarkPaid").addHandler(Roles.require(Roles.ADMIN)).addHandler(ctx -> move(ctx, Transition.PAY,
      new JsonObject().put("payment", "marked paid by an admin (testing)")));
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    Tuple params = Tuple.of(ctx.request().getParam("status"), ctx.request().getParam("customer"),
      time(ctx.request().getParam("from")), time(ctx.request().getParam("to")), after[0], after[1])
      .addInteger(page.fetchSize());
    pool.preparedQuery(OrderSql.LIST_ALL).execute(params)
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(OrderJson.summary(row)));
        Replies.ok(ctx, page.page(items, OrderRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    reads.full(Ids.parse(ctx.pathParam("id"), "The order"), null)
      .onSuccess(order -> Replies.ok(ctx, order, order.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx, Transition transition, JsonObject details) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    transitions.apply(orderId, null, transition, Actor.ADMIN, UUID.fromString(Roles.userId(ctx)), null, details)
      .compose(row -> reads.full(orderId, null))
      .onSuccess(order -> Replies.ok(ctx, order))
      .onFailure(ctx::fail);
  }

  private static OffsetDateTime time(String value) {
    return value == null ? null : OffsetDateTime.parse(value);
  }
}
