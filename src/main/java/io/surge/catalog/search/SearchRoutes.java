package io.surge.catalog.search;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Storefront search and autocomplete. */
public final class SearchRoutes {

  private SearchRoutes() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    // operations searchProducts, suggestProducts
  }
}
