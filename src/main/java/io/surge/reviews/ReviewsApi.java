package io.surge.reviews;

import io.surge.Infrastructure;
import io.surge.catalog.CatalogChanges;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the reviews domain's HTTP operations. */
public final class ReviewsApi {

  private ReviewsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    JsonObject config = infra.config().getJsonObject("reviews", new JsonObject());
    ReviewPages pages = ReviewPages.create(infra.vertx(), config.getLong("pageCacheMillis", 1000L));
    Reviews reviews = new Reviews(infra.vertx(), infra.pg(), new CatalogChanges(infra.vertx(), infra.redis()),
      new ReviewScreen(config.getString("blockedWords", "")), config.getString("topic", "surge.reviews"), pages);
    new ReviewRoutes(infra.pg(), reviews, infra.idempotency(), pages).mount(api);
    new ModerationRoutes(infra.pg(), reviews).mount(api);
  }
}
