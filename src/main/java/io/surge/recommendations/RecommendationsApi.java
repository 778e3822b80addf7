package io.surge.recommendations;

import io.surge.Infrastructure;
import io.surge.cart.RedisCarts;
import io.surge.catalog.CatalogBus;
import io.surge.orders.OrdersBus;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.UUID;

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
    // a new model (trained here or, through the Redis channel, elsewhere), or a product changed on this instance:
    // served lists are rebuilt (product lists of other instances expire within cacheMillis)
    infra.vertx().eventBus().consumer(RecommendationsBus.TRAINED, message -> {
      recommendations.evictAll();
      routes.evictAll();
    });
    infra.vertx().eventBus().consumer(CatalogBus.EVENTS, message -> routes.evictAll());
    // one on every event loop: the writer's own loop drops the customer's lists before its answer goes out
    infra.vertx().eventBus().<String>consumer(OrdersBus.CUSTOMER_ORDERS_CHANGED,
      message -> recommendations.customerChanged(UUID.fromString(message.body())));
  }
}
