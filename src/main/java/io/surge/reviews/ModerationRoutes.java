package io.surge.reviews;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Agents and admins moderate: the queue of held reviews (oldest first), approve or reject any review. */
final class ModerationRoutes {

  private final Pool pool;
  private final Reviews reviews;

  ModerationRoutes(Pool pool, Reviews reviews) {
    this.pool = pool;
    this.reviews = reviews;
  }

  void mount(RouterBuilder api) {
    api.getRoute("moderationQueue").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN)).addHandler(this::queue);
    api.getRoute("approveReview").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN))
      .addHandler(ctx -> decide(ctx, Reviews.Verdict.APPROVE));
    api.getRoute("rejectReview").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN))
      .addHandler(ctx -> decide(ctx, Reviews.Verdict.REJECT));
  }

  private void queue(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    String status = ctx.request().getParam("status");
    Object[] after = {null, null};
    if (page.after() != null) {
      try {
        after = new Object[] {OffsetDateTime.parse(page.after().getString(0)),
          UUID.fromString(page.after().getString(1))};
      } catch (RuntimeException e) {
        throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
      }
    }
    pool.preparedQuery(ReviewSql.QUEUE)
      .execute(Tuple.of(status == null ? "pending" : status, after[0], after[1], page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(ReviewJson.moderated(row)));
        Replies.ok(ctx,
          page.page(items, review -> new JsonArray().add(review.getString("created_at")).add(review.getString("id"))));
      })
      .onFailure(ctx::fail);
  }

  private void decide(RoutingContext ctx, Reviews.Verdict verdict) {
    UUID reviewId = Ids.parse(ctx.pathParam("id"), "The review");
    JsonObject body = ctx.body() == null || ctx.body().isEmpty() ? null : ctx.body().asJsonObject();
    String note = body == null ? null : body.getString("note");
    reviews.moderate(reviewId, UUID.fromString(Roles.userId(ctx)), verdict, note)
      .onSuccess(review -> Replies.ok(ctx, review))
      .onFailure(ctx::fail);
  }
}
