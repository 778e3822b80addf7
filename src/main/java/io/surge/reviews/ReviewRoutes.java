package io.surge.reviews;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.http.RequestAsSent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** A product's reviews: read by anyone (newest or most helpful first), written by verified buyers, voted helpful. */
final class ReviewRoutes {

  /** The query parameters listReviews documents; any other is refused, as the validator would. */
  private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor", "sort", "rating");

  private final Pool pool;
  private final Reviews reviews;
  private final Idempotency idempotency;
  private final ReviewPages pages;

  ReviewRoutes(Pool pool, Reviews reviews, Idempotency idempotency, ReviewPages pages) {
    this.pool = pool;
    this.reviews = reviews;
    this.idempotency = idempotency;
    this.pages = pages;
  }

  void mount(RouterBuilder api) {
    // Public and read-heavy: its few parameters are checked here rather than by the OpenAPI validator, which
    // runs on a worker thread and would cost two thread hops per read (as for the product page).
    api.getRoute("listReviews").setDoValidation(false).addHandler(this::list);
    api.getRoute("writeReview").addHandler(idempotency.handler(false)).addHandler(this::write);
    api.getRoute("getMyReview").addHandler(this::mine);
    api.getRoute("voteReviewHelpful").addHandler(ctx -> vote(ctx, Reviews.Vote.HELPFUL));
    api.getRoute("unvoteReviewHelpful").addHandler(ctx -> vote(ctx, Reviews.Vote.WITHDRAWN));
  }

  private void list(RoutingContext ctx) {
    ApiException unknown = RequestAsSent.unknownParameter(ctx.queryParams(), LIST_PARAMETERS);
    if (unknown != null) {
      throw unknown;
    }
    PageRequest page = PageRequest.from(ctx);
    String sort = ctx.request().getParam("sort");
    if (sort != null && !"newest".equals(sort) && !"helpful".equals(sort)) {
      throw ApiException.invalidParameter("sort", "enum", "sort must be newest or helpful.");
    }
    boolean helpful = "helpful".equals(sort);
    Short rating = rating(ctx.request().getParam("rating"));
    String query = (helpful ? "helpful" : "newest") + "&" + rating + "&" + page.limit() + "&"
      + ctx.request().getParam("cursor");
    productId(ctx).compose(productId -> {
      Tuple params = Tuple.of(productId, rating);
      for (Object value : keyset(page, helpful)) {
        params.addValue(value);
      }
      params.addInteger(page.fetchSize());
      return pages.page(productId, query, () -> load(productId, helpful, page, params));
    })
      .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON).end(body))
      .onFailure(ctx::fail);
  }

  /**
   * The product named in the path by id or, as on the product page, by slug (one indexed read; an id needs none).
   * A slug no product has is a 404.
   */
  private Future<UUID> productId(RoutingContext ctx) {
    String idOrSlug = ctx.pathParam("id");
    UUID id = Ids.tryParse(idOrSlug);
    if (id != null) {
      return Future.succeededFuture(id);
    }
    return pool.preparedQuery(ReviewSql.PRODUCT_BY_SLUG).execute(Tuple.of(idOrSlug)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The product"))
      : Future.succeededFuture(rows.iterator().next().getUUID("id")));
  }

  /** The page and the product (status and summary) are read side by side: one round trip of latency. */
  private Future<Buffer> load(UUID productId, boolean helpful, PageRequest page, Tuple params) {
    Future<RowSet<Row>> items = pool.preparedQuery(helpful ? ReviewSql.MOST_HELPFUL : ReviewSql.NEWEST).execute(params);
    Future<RowSet<Row>> product = pool.preparedQuery(RatingSummary.WITH_PRODUCT).execute(Tuple.of(productId));
    return Future.all(items, product).map(all -> {
      RowSet<Row> found = product.result();
      if (found.size() == 0 || !"active".equals(found.iterator().next().getString("status"))) {
        throw ApiException.notFound("The product");
      }
      JsonArray rows = new JsonArray();
      items.result().forEach(row -> rows.add(ReviewJson.published(row)));
      return page.page(rows, review -> cursorOf(review, helpful))
        .put("summary", RatingSummary.json(found.iterator().next()))
        .toBuffer();
    });
  }

  /** 201 for a first review, 200 when it replaces the author's earlier one. */
  private void write(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    productId(ctx).compose(productId -> reviews
      .write(productId, UUID.fromString(Roles.userId(ctx)), body.getInteger("rating"), body.getString("title").strip(),
        body.getString("body", "")))
      .onSuccess(written -> {
        if (written.created()) {
          Replies.created(ctx, "/api/v1/products/" + ctx.pathParam("id") + "/reviews/mine", written.review());
        } else {
          Replies.ok(ctx, written.review());
        }
      })
      .onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    productId(ctx)
      .compose(productId -> pool.preparedQuery(ReviewSql.MINE)
        .execute(Tuple.of(productId, UUID.fromString(Roles.userId(ctx)))))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("Your review of this product"));
        } else {
          Row row = rows.iterator().next();
          Replies.ok(ctx, ReviewJson.own(row), row.getInteger("version"));
        }
      })
      .onFailure(ctx::fail);
  }

  private void vote(RoutingContext ctx, Reviews.Vote vote) {
    UUID reviewId = Ids.parse(ctx.pathParam("reviewId"), "The review");
    productId(ctx).compose(productId -> reviews.vote(productId, reviewId, UUID.fromString(Roles.userId(ctx)), vote))
      .onSuccess(result -> Replies.ok(ctx, result))
      .onFailure(ctx::fail);
  }

  private static Short rating(String value) {
    if (value == null) {
      return null;
    }
    if (value.length() != 1 || value.charAt(0) < '1' || value.charAt(0) > '5') {
      throw ApiException.invalidParameter("rating", "range", "rating must be 1 to 5.");
    }
    return Short.valueOf(value);
  }

  /** Newest: (created_at, id); most helpful: (helpful_count, created_at, id). Nulls on the first page. */
  private static Object[] keyset(PageRequest page, boolean helpful) {
    if (page.after() == null) {
      return helpful ? new Object[] {null, null, null} : new Object[] {null, null};
    }
    try {
      JsonArray after = page.after();
      return helpful
        ? new Object[] {after.getInteger(0), OffsetDateTime.parse(after.getString(1)),
          UUID.fromString(after.getString(2))}
        : new Object[] {OffsetDateTime.parse(after.getString(0)), UUID.fromString(after.getString(1))};
    } catch (RuntimeException e) {
      throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
    }
  }

  private static JsonArray cursorOf(JsonObject review, boolean helpful) {
    JsonArray key = new JsonArray();
    if (helpful) {
      key.add(review.getInteger("helpful_count"));
    }
    return key.add(review.getString("created_at")).add(review.getString("id"));
  }
}
