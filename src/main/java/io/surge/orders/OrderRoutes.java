package io.surge.orders;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Idempotency;
import io.surge.http.IdempotencyInTransaction;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.orders.OrderStatus.Transition;
import io.surge.orders.OrderTransitions.Actor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The customer's side: check out, list and read own orders, cancel, confirm receipt. Others' orders are 404. */
final class OrderRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Checkout checkout;
  private final OrderTransitions transitions;
  private final OrderReads reads;
  private final Idempotency idempotency;

  OrderRoutes(Vertx vertx, Pool pool, Checkout checkout, OrderTransitions transitions, OrderReads reads,
    Idempotency idempotency) {
    this.vertx = vertx;
    this.pool = pool;
    this.checkout = checkout;
    this.transitions = transitions;
    this.reads = reads;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("checkout").addHandler(idempotency.inTransactionHandler()).addHandler(this::checkout);
    api.getRoute("listOrders").addHandler(this::list);
    api.getRoute("getOrder").addHandler(this::get);
    api.getRoute("setOrderShippingAddress").addHandler(this::setShippingAddress);
    api.getRoute("cancelOrder").addHandler(this::cancel);
    api.getRoute("confirmReceipt").addHandler(this::confirmReceipt);
  }

  private void checkout(RoutingContext ctx) {
    UUID userId = userId(ctx);
    JsonObject body = ctx.body().asJsonObject();
    shippingAddress(userId, body)
      .compose(address -> checkout.place(userId, address, new Checkout.Answer() {
        @Override
        public Future<Void> unanswered(SqlConnection tx) {
          return IdempotencyInTransaction.unanswered(tx, ctx);
        }

        @Override
        public Future<Void> record(SqlConnection tx, JsonObject order) {
          return IdempotencyInTransaction.recordCreatedIn(tx, ctx, location(order), order);
        }
      }))
      .onSuccess(placed -> {
        IdempotencyInTransaction.recordedIn(ctx);
        Replies.created(ctx, location(placed.order()), placed.order());
      })
      .onFailure(failure -> IdempotencyInTransaction.fail(ctx, failure));
  }

  private static String location(JsonObject order) {
    return "/api/v1/orders/" + order.getString("id");
  }

  /** Exactly one of an address-book entry (snapshotted now) or an address given inline. */
  private Future<JsonObject> shippingAddress(UUID userId, JsonObject body) {
    boolean byId = body.containsKey("address_id");
    if (byId == body.containsKey("shipping_address")) {
      return Future.failedFuture(ApiException.invalidField("address_id", "one_of",
        "Give exactly one of address_id or shipping_address."));
    }
    if (!byId) {
      return Future.succeededFuture(body.getJsonObject("shipping_address"));
    }
    UUID addressId = Ids.parse(body.getString("address_id"), "The address");
    return pool.preparedQuery(OrderSql.ADDRESS_SNAPSHOT).execute(Tuple.of(addressId, userId))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("The address"))
        : Future.succeededFuture(rows.iterator().next().toJson()));
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    // the buyer's flash-sale orders answered 202 a moment ago are in the list too
    DueOrders.writeNowForBuyer(vertx, pool, userId(ctx))
      .compose(v -> pool.preparedQuery(OrderSql.LIST_MINE)
        .execute(Tuple.of(userId(ctx), after[0], after[1], page.fetchSize())))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(OrderJson.summary(row)));
        Replies.ok(ctx, page.page(items, OrderRoutes::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    reads.full(Ids.parse(ctx.pathParam("id"), "The order"), userId(ctx))
      .onSuccess(order -> Replies.ok(ctx, order, order.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void setShippingAddress(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    UUID userId = userId(ctx);
    shippingAddress(userId, ctx.body().asJsonObject())
      .compose(address -> transitions.setShippingAddress(orderId, userId, address))
      .compose(row -> reads.full(orderId, userId))
      .onSuccess(order -> Replies.ok(ctx, order))
      .onFailure(ctx::fail);
  }

  /**
   * Before payment the order is cancelled and its stock released; once paid and until it ships, a refund is requested
   * instead (payments refunds it in full). From shipment on, money comes back only through a return request.
   */
  private void cancel(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    UUID userId = userId(ctx);
    JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
    String reason = body == null ? "cancelled by the customer" : body.getString("reason", "cancelled by the customer");
    transitions.apply(orderId, userId, Transition.CANCEL, Actor.CUSTOMER, userId, reason, null)
      .recover(e -> e instanceof ApiException api && "illegal_transition".equals(api.code())
        ? transitions.apply(orderId, userId, Transition.REQUEST_REFUND, Actor.CUSTOMER, userId, reason, null)
          .recover(again -> Future.failedFuture(e))
        : Future.failedFuture(e))
      .compose(row -> reads.full(orderId, userId))
      .onSuccess(order -> Replies.ok(ctx, order))
      .onFailure(ctx::fail);
  }

  private void confirmReceipt(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    UUID userId = userId(ctx);
    transitions.apply(orderId, userId, Transition.COMPLETE, Actor.CUSTOMER, userId, "receipt confirmed", null)
      .compose(row -> reads.full(orderId, userId))
      .onSuccess(order -> Replies.ok(ctx, order))
      .onFailure(ctx::fail);
  }

  static JsonArray cursorOf(JsonObject order) {
    return new JsonArray().add(order.getString("created_at")).add(order.getString("id"));
  }

  private static UUID userId(RoutingContext ctx) {
    return UUID.fromString(Roles.userId(ctx));
  }
}
