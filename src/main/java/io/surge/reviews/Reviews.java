package io.surge.reviews;

import io.surge.catalog.CatalogChanges;
import io.surge.http.ApiException;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Writing and moderating reviews. A review that is (or was) published changes the product's rating
 * summary: in the same transaction the product row is locked and its version bumped (so concurrent
 * reviews recount one after the other and cached product pages become stale), the summary is recounted
 * and the event goes to the outbox (topic {@code reviews.topic}: {@code review.published},
 * {@code review.held}, {@code review.rejected}); after the commit the catalog drops the cached page.
 */
final class Reviews {

  /** A written review and whether it is new (201) or replaced the author's earlier one (200). */
  record Written(JsonObject review, boolean created) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final CatalogChanges catalog;
  private final ReviewScreen screen;
  private final String topic;
  private final ReviewPages pages;

  Reviews(Vertx vertx, Pool pool, CatalogChanges catalog, ReviewScreen screen, String topic, ReviewPages pages) {
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.screen = screen;
    this.topic = topic;
    this.pages = pages;
  }

  Future<Written> write(UUID productId, UUID userId, int rating, String title, String body) {
    String held = screen.holdReason(title, body);
    String status = held == null ? "published" : "pending";
    int[] touched = {0};
    return activeProduct(productId)
      .compose(v -> pool.preparedQuery(ReviewSql.VERIFIED_BUYER).execute(Tuple.of(userId, productId)))
      .compose(verified -> verified.iterator().next().getBoolean(0) ? Future.succeededFuture()
        : Future.failedFuture(new ApiException(403, ReviewErrors.NOT_VERIFIED_BUYER, "Forbidden",
          "Only customers who received this product can review it.")))
      .compose(verified -> pool.withTransaction(tx -> tx.preparedQuery(ReviewSql.UPSERT)
        .execute(Tuple.of(productId, userId, (short) rating, title, body, status, held))
        .compose(rows -> {
          Row row = rows.iterator().next();
          boolean created = row.getBoolean("inserted");
          // a new pending review changes nothing public; anything else may have changed the summary
          boolean affectsSummary = "published".equals(row.getString("status")) || !created;
          Future<Void> summary = affectsSummary ? recount(tx, productId).map(version -> {
            touched[0] = version;
            return null;
          }) : Future.succeededFuture();
          return summary
            .compose(
              v -> event(tx, row, "published".equals(row.getString("status")) ? "review.published" : "review.held"))
            .map(new Written(ReviewJson.own(row), created));
        })))
      .onSuccess(written -> announce(productId, touched[0], written.review()));
  }

  /** A moderator's decision on a review. */
  enum Verdict {
    APPROVE, REJECT
  }

  /** A helpful vote cast or taken back. */
  enum Vote {
    HELPFUL, WITHDRAWN
  }

  /** Approve (publish) or reject (unpublish) a review; yields the moderator's view. */
  Future<JsonObject> moderate(UUID reviewId, UUID moderatorId, Verdict verdict, String note) {
    boolean approve = verdict == Verdict.APPROVE;
    String to = approve ? "published" : "rejected";
    int[] touched = {0};
    UUID[] product = new UUID[1];
    return pool.withTransaction(tx -> tx.preparedQuery(ReviewSql.LOCK).execute(Tuple.of(reviewId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The review"));
      }
      Row review = rows.iterator().next();
      product[0] = review.getUUID("product_id");
      String from = review.getString("status");
      if (from.equals(to)) {
        return Future.succeededFuture();
      }
      boolean summaryChanges = "published".equals(from) || "published".equals(to);
      return tx.preparedQuery(ReviewSql.MODERATE).execute(Tuple.of(reviewId, to, note, moderatorId))
        .compose(v -> summaryChanges ? recount(tx, product[0]).map(version -> {
          touched[0] = version;
          return null;
        }) : Future.<Void>succeededFuture())
        .compose(v -> tx.preparedQuery(ReviewSql.FIND).execute(Tuple.of(reviewId)))
        .compose(updated -> event(tx, updated.iterator().next(), approve ? "review.published" : "review.rejected"));
    }))
      .compose(v -> pool.preparedQuery(ReviewSql.FIND).execute(Tuple.of(reviewId)))
      .map(rows -> ReviewJson.moderated(rows.iterator().next()))
      .onSuccess(review -> announce(product[0], touched[0], review));
  }

  /** One helpful vote per user and review ({@link Vote#WITHDRAWN} takes it back); yields the review's count. */
  Future<JsonObject> vote(UUID productId, UUID reviewId, UUID userId, Vote vote) {
    boolean helpful = vote == Vote.HELPFUL;
    return pool
      .withTransaction(tx -> tx.preparedQuery(ReviewSql.PUBLISHED_REVIEW).execute(Tuple.of(reviewId, productId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("The review"));
          }
          if (userId.equals(rows.iterator().next().getUUID("user_id"))) {
            return Future.failedFuture(
              new ApiException(403, ReviewErrors.OWN_REVIEW, "Forbidden", "Authors cannot vote for their own review."));
          }
          return tx.preparedQuery(helpful ? ReviewSql.ADD_VOTE : ReviewSql.REMOVE_VOTE)
            .execute(Tuple.of(reviewId, userId));
        })
        .compose(changed -> changed.rowCount() == 0
          ? tx.preparedQuery(ReviewSql.HELPFUL_COUNT).execute(Tuple.of(reviewId))
          : tx.preparedQuery(ReviewSql.COUNT_VOTE).execute(Tuple.of(reviewId, helpful ? 1 : -1)))
        .map(rows -> new JsonObject().put("review_id", reviewId.toString()).put("voted", helpful)
          .put("helpful_count", rows.iterator().next().getInteger("helpful_count"))))
      .onSuccess(counted -> pages.evict(productId));
  }

  private Future<Void> activeProduct(UUID productId) {
    return pool.preparedQuery(ReviewSql.PRODUCT_STATUS).execute(Tuple.of(productId))
      .compose(rows -> rows.size() == 0 || !"active".equals(rows.iterator().next().getString("status"))
        ? Future.failedFuture(ApiException.notFound("The product"))
        : Future.succeededFuture());
  }

  /** Locks the product (bumping its version), then recounts its summary; yields the product's new version. */
  private static Future<Integer> recount(SqlConnection tx, UUID productId) {
    return CatalogChanges.touchProduct(tx, productId)
      .compose(version -> tx.preparedQuery(RatingSummary.RECOUNT).execute(Tuple.of(productId)).map(version));
  }

  private Future<Void> event(SqlConnection tx, Row review, String type) {
    return Outbox.append(tx, topic, "review", review.getUUID("id"), type, review.getInteger("version"), new JsonObject()
      .put("review_id", review.getUUID("id").toString())
      .put("product_id", review.getUUID("product_id").toString())
      .put("user_id", review.getUUID("user_id").toString())
      .put("rating", review.getInteger("rating"))
      .put("status", review.getString("status")));
  }

  private void announce(UUID productId, int version, JsonObject review) {
    pages.evict(productId);
    if (version > 0) {
      catalog.productChanged(CatalogChanges.RATING_CHANGED, productId, version,
        new JsonObject().put("review_id", review.getString("id")));
    }
    Outbox.nudge(vertx);
  }
}
