package io.surge.recommendations;

import io.surge.Infrastructure;
import io.surge.cart.RedisCarts;
import io.surge.catalog.CatalogBus;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the recommendations domain's HTTP operations. */
public final class RecommendationsApi {

  private RecommendationsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    RecommendationSettings settings = RecommendationSettings.from(infra.config());
    ProductCards cards = ProductCards.create(infra.vertx(), infra.pg(), settings.cacheMillis());
    Recommendations recommendations = Recommendations.create(infra.vertx(), infra.pg(), cards, settings);
    RecommendationRoutes routes = new RecommendationRoutes(infra.vertx(), infra.pg(), recommendations,
      RedisCarts.create(infra), infra.accessTokens(), settings.cacheMillis());
    routes.mount(api);
    new AdminRecommendationRoutes(infra.vertx(), infra.pg(), recommendations).mount(api);
    // a new model, or a product changed on this instance: served lists are rebuilt (others expire within cacheMillis)
    infra.vertx().eventBus().consumer(RecommendationsBus.TRAINED, message -> {
      recommendations.evictAll();
      routes.evictAll();
    });
    infra.vertx().eventBus().consumer(CatalogBus.EVENTS, message -> routes.evictAll());
  }
}
