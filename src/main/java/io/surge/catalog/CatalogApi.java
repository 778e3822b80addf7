package io.surge.catalog;

import io.surge.Infrastructure;
import io.surge.catalog.images.ImageRoutes;
import io.surge.catalog.search.SearchRoutes;
import io.surge.console.ConsoleSettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the catalog domain's HTTP operations. */
public final class CatalogApi {

  private CatalogApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    CatalogSettings settings = CatalogSettings.from(infra.config());
    CatalogChanges changes = new CatalogChanges(infra.vertx(), infra.redis());
    ProductCache cache = ProductCache.create(infra.vertx(), infra.redis(), settings);
    ProductViews views = new ProductViews(infra.pg(), settings.redisCacheSeconds() * 1000);
    new StorefrontRoutes(infra.pg(), cache, views).mount(api);
    new CategoryRoutes(infra.pg(), cache, changes, infra.idempotency()).mount(api);
    new ProductAdminRoutes(infra.pg(), views, changes, infra.idempotency()).mount(api);
    // the console's low-stock line, so its catalog filter and its dashboard agree
    new AdminProductList(infra.pg(), ConsoleSettings.from(infra.config()).lowStockThreshold()).mount(api);
    new SkuAdminRoutes(infra.pg(), changes, infra.idempotency()).mount(api);
    new ProductImport(infra.pg(), changes).mount(api);
    ImageRoutes.mount(api, infra, changes, settings);
    SearchRoutes.mount(api, infra, settings.searchCacheSeconds(), settings.searchCandidates(),
      settings.searchPoolSize());
  }

  /** Routes outside the OpenAPI document (image bytes). */
  public static void mountOutside(Router router, Infrastructure infra) {
    ImageRoutes.mountMedia(router, infra, CatalogSettings.from(infra.config()));
  }
}
