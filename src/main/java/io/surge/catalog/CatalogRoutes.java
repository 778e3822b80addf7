package io.surge.catalog;

import io.surge.Infrastructure;
import io.surge.catalog.images.ImageRoutes;
import io.surge.catalog.search.SearchRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the catalog domain's HTTP operations. */
public final class CatalogRoutes {

  private CatalogRoutes() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    CatalogChanges changes = new CatalogChanges(infra.vertx(), infra.redis());
    ImageRoutes.mount(api, infra, changes);
    SearchRoutes.mount(api, infra);
  }

  /** Routes outside the OpenAPI document (image bytes). */
  public static void mountOutside(Router router, Infrastructure infra) {
    ImageRoutes.mountMedia(router, infra);
  }
}
