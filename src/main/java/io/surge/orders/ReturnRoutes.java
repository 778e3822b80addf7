package io.surge.orders;

import io.surge.auth.Roles;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Returns over HTTP: the customer asks on their order; staff list, approve and decline. */
final class ReturnRoutes {

  private final Pool pool;
  private final Returns returns;

  ReturnRoutes(Pool pool, Returns returns) {
    this.pool = pool;
    this.returns = returns;
  }

  void mount(RouterBuilder api) {
    api.getRoute("requestReturn").addHandler(this::request);
    api.getRoute("adminListReturns").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
    api.getRoute("adminApproveReturn").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::approve);
    api.getRoute("adminDeclineReturn").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::decline);
  }

  private void request(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    returns.request(orderId, UUID.fromString(Roles.userId(ctx)), body(ctx))
      .onSuccess(request -> Replies.created(ctx, "/api/v1/orders/" + orderId, request))
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    pool.preparedQuery(ReturnSql.LIST)
      .execute(Tuple.of(ctx.request().getParam("status"), after[0], after[1], page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(ReturnJson.of(row)));
        Replies.ok(ctx, page.page(items, OrderRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void approve(RoutingContext ctx) {
    returns.approve(Ids.parse(ctx.pathParam("id"), "The return request"), UUID.fromString(Roles.userId(ctx)), body(ctx))
      .onSuccess(request -> Replies.ok(ctx, request))
      .onFailure(ctx::fail);
  }

  private void decline(RoutingContext ctx) {
    returns.decline(Ids.parse(ctx.pathParam("id"), "The return request"), UUID.fromString(Roles.userId(ctx)), body(ctx))
      .onSuccess(request -> Replies.ok(ctx, request))
      .onFailure(ctx::fail);
  }

  private static JsonObject body(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
  }
}
