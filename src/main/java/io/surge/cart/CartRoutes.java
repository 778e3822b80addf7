package io.surge.cart;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The shopper's cart API (being written). */
public final class CartRoutes {

  private CartRoutes() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    // operations getCart, putCartItem, deleteCartItem, clearCart
  }
}
