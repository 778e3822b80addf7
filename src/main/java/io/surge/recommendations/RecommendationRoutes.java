package io.surge.recommendations;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.auth.AccessTokens;
import io.surge.auth.Roles;
import io.surge.cart.CartLine;
import io.surge.cart.Carts;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The storefront's lists: a product's (public, cached, ETag), the customer's own, and the cart's (guest or
 * customer). Their few parameters are checked here rather than by the OpenAPI validator, which runs on a worker
 * thread and would cost two thread hops per request (as for the product page).
 */
final class RecommendationRoutes {

  static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 100;
  private static final int MAX_SLUG = 120;
  private static final String CACHE_CONTROL = "public, max-age=1";
  private static final String BEARER = "Bearer ";

  /** A product's list as served: the encoded body and its ETag. */
  record Page(Buffer body, String etag) {
  }

  private record Shared(AsyncCache<String, Page> pages) implements Shareable {
  }

  private final Pool pool;
  private final Recommendations recommendations;
  private final Carts carts;
  private final AccessTokens accessTokens;
  private final AsyncCache<String, Page> pages;

  RecommendationRoutes(Vertx vertx, Pool pool, Recommendations recommendations, Carts carts,
    AccessTokens accessTokens, long cacheMillis) {
    this.pool = pool;
    this.recommendations = recommendations;
    this.carts = carts;
    this.accessTokens = accessTokens;
    this.pages = ((Shared) vertx.sharedData().getLocalMap("surge.recommendations").computeIfAbsent("pages",
      k -> new Shared(Caffeine.newBuilder().maximumSize(20_000)
        .expireAfterWrite(Duration.ofMillis(Math.max(1, cacheMillis))).buildAsync())))
      .pages();
  }

  void mount(RouterBuilder api) {
    api.getRoute("getProductRecommendations").setDoValidation(false).addHandler(this::forProduct);
    api.getRoute("getMyRecommendations").setDoValidation(false).addHandler(Roles.require(Roles.CUSTOMER))
      .addHandler(this::forMe);
    api.getRoute("getCartRecommendations").setDoValidation(false).addHandler(this::forCart);
  }

  /** Drops every cached product list (after a training or a catalog change). */
  void evictAll() {
    pages.synchronous().invalidateAll();
  }

  private void forProduct(RoutingContext ctx) {
    String idOrSlug = ctx.pathParam("idOrSlug");
    String kind = ctx.request().getParam("kind", "bought_together");
    if (!"bought_together".equals(kind) && !"similar".equals(kind)) {
      throw ApiException.invalidField("kind", "enum", "kind must be bought_together or similar.");
    }
    int limit = limit(ctx);
    if (idOrSlug == null || idOrSlug.length() > MAX_SLUG) {
      throw ApiException.notFound("The product");
    }
    Context context = Vertx.currentContext();
    Future.fromCompletionStage(pages.get(idOrSlug + "|" + kind + "|" + limit,
      (key, executor) -> page(idOrSlug, "bought_together".equals(kind), limit).toCompletionStage()
        .toCompletableFuture()),
      context)
      .onSuccess(page -> {
        if (page == null) {
          ctx.fail(ApiException.notFound("The product"));
        } else if (page.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
          ctx.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, page.etag())
            .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).end();
        } else {
          ctx.response().putHeader(HttpHeaders.ETAG, page.etag()).putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
            .putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON).end(page.body());
        }
      })
      .onFailure(ctx::fail);
  }

  /** Null when no active product has this id or slug. */
  private Future<Page> page(String idOrSlug, boolean boughtTogether, int limit) {
    return pool.preparedQuery(RecommendationSql.ACTIVE_PRODUCT).execute(Tuple.of(Ids.tryParse(idOrSlug), idOrSlug))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null)
        : recommendations.forProduct(rows.iterator().next().getUUID(0), boughtTogether, limit).map(body -> {
          Buffer encoded = body.toBuffer();
          return new Page(encoded, "\"" + Integer.toHexString(encoded.hashCode()) + "\"");
        }));
  }

  private void forMe(RoutingContext ctx) {
    recommendations.forCustomer(UUID.fromString(Roles.userId(ctx)), limit(ctx))
      .onSuccess(body -> {
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        Replies.ok(ctx, body);
      })
      .onFailure(ctx::fail);
  }

  /** With a bearer token the customer's cart (a token that does not verify is a 401), else the guest's. */
  private void forCart(RoutingContext ctx) {
    int limit = limit(ctx);
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Future<UUID> user;
    if (authorization == null) {
      user = Future.succeededFuture(null);
    } else if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ApiException.unauthorized("A valid access token is required.");
    } else {
      user = accessTokens.authenticate(new TokenCredentials(authorization.substring(BEARER.length()).trim()))
        .map(found -> UUID.fromString(found.subject()))
        .recover(e -> Future.failedFuture(ApiException.unauthorized("A valid access token is required.")));
    }
    user.compose(userId -> (userId == null ? carts.guestLines(ctx.request().getHeader("X-Cart-Token"))
      : carts.lines(userId.toString()))
      .compose(lines -> products(lines))
      .compose(products -> recommendations.forCart(products, userId, limit)))
      .onSuccess(body -> {
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        Replies.ok(ctx, body);
      })
      .onFailure(ctx::fail);
  }

  private Future<List<UUID>> products(List<CartLine> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(RecommendationSql.PRODUCTS_OF_SKUS)
      .execute(Tuple.of(lines.stream().map(CartLine::skuId).toArray(UUID[]::new)))
      .map(rows -> {
        List<UUID> ids = new java.util.ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
      });
  }

  static int limit(RoutingContext ctx) {
    String value = ctx.request().getParam("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalidField("limit", "range", "limit must be 1 to " + MAX_LIMIT + ".");
    }
    return limit;
  }
}
