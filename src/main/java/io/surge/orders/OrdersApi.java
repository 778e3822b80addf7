package io.surge.orders;

import io.surge.Infrastructure;
import io.surge.cart.RedisCarts;
import io.surge.catalog.CatalogChanges;
import io.surge.orders.imports.OrderImportRoutes;
import io.surge.orders.push.OrderEventStream;
import io.surge.shared.AmountLimits;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the orders domain's HTTP operations, the customer's order-event stream included. */
public final class OrdersApi {

  private OrdersApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    OrderSettings orders = OrderSettings.from(infra.config());
    CatalogChanges catalog = new CatalogChanges(infra.vertx(), infra.redis());
    OrderTransitions transitions = new OrderTransitions(infra.vertx(), infra.pg(), catalog, orders.topic());
    OrderReads reads = new OrderReads(infra.vertx(), infra.pg());
    Checkout checkout = new Checkout(infra.vertx(), infra.pg(), RedisCarts.create(infra), catalog, orders,
      AmountLimits.from(infra.config()));
    new OrderRoutes(infra.vertx(), infra.pg(), checkout, transitions, reads, infra.idempotency()).mount(api);
    new AdminOrderRoutes(infra.pg(), transitions, reads).mount(api);
    new ReturnRoutes(infra.pg(), new Returns(infra.vertx(), infra.pg(), transitions, orders.topic(),
      orders.returnWindowDays())).mount(api);
    OrderEventStream.mount(api, infra.vertx(), infra.accessTokens());
    new OrderImportRoutes(infra.pg()).mount(api);
  }
}
