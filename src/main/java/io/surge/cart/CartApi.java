package io.surge.cart;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the cart domain's HTTP operations. */
public final class CartApi {

  private CartApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    CartRoutes.mount(api, infra);
  }
}
