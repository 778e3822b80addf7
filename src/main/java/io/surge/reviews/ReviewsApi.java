package io.surge.reviews;

import io.surge.Infrastructure;
import io.surge.catalog.CatalogChanges;
import io.surge.users.PrivacyBus;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Tuple;

/** Mounts the reviews domain's HTTP operations. */
public final class ReviewsApi {

  private ReviewsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    ReviewSettings settings = ReviewSettings.from(infra.config());
    ReviewPages pages = ReviewPages.create(infra.vertx(), settings.pageCacheMillis());
    Reviews reviews = new Reviews(infra.vertx(), infra.pg(), new CatalogChanges(infra.vertx(), infra.redis()),
      new ReviewScreen(settings.blockedWords()), settings.topic(), pages);
    new ReviewRoutes(infra.pg(), reviews, infra.idempotency(), pages).mount(api);
    new ModerationRoutes(infra.pg(), reviews).mount(api);
    // reviews have no verticle of their own: each HTTP instance answers its part of a customer's export
    PrivacyBus.answer(infra.vertx(), PrivacyBus.REVIEWS, userId -> infra.pg().preparedQuery(ReviewSql.EXPORT)
      .execute(Tuple.of(userId)).map(rows -> (JsonArray) rows.iterator().next().getValue("reviews")), null);
  }
}
