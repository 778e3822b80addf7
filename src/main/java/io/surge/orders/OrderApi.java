package io.surge.orders;

import io.surge.Infrastructure;
import io.surge.cart.Carts;
import io.surge.catalog.CatalogChanges;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the orders domain's HTTP operations. */
public final class OrderApi {

  private OrderApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra, Carts carts) {
    OrderSettings orders = OrderSettings.from(infra.config());
    CatalogChanges catalog = new CatalogChanges(infra.vertx(), infra.redis());
    OrderTransitions transitions = new OrderTransitions(infra.vertx(), infra.pg(), catalog, orders.topic());
    OrderReads reads = new OrderReads(infra.pg());
    Checkout checkout = new Checkout(infra.vertx(), infra.pg(), carts, catalog, orders);
    new OrderRoutes(infra.pg(), checkout, transitions, reads, infra.idempotency()).mount(api);
    new AdminOrderRoutes(infra.pg(), transitions, reads).mount(api);
  }
}
