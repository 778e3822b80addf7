package io.surge.predictions.customers;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * What the merchant sees of one customer (probability, segment, features and what drove the score) and the
 * re-engagement list (most likely first, by segment). Lookups of stored scores; no model runs here.
 */
final class CustomerInsightRoutes {

  static final String SORT = "-repurchase_probability";

  private final Pool pool;

  CustomerInsightRoutes(Pool pool) {
    this.pool = pool;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminCustomerInsights").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::insights);
    api.getRoute("adminCustomersByRepurchase").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
  }

  private void insights(RoutingContext ctx) {
    UUID userId = Ids.parse(ctx.pathParam("userId"), "The customer");
    pool.preparedQuery(RepurchaseSql.USER_EXISTS).execute(Tuple.of(userId))
      .compose(found -> {
        if (found.size() == 0) {
          throw ApiException.notFound("The customer");
        }
        return Future.all(pool.preparedQuery(RepurchaseSql.SCORE).execute(Tuple.of(userId)),
          pool.query(RepurchaseSql.STATUS).execute());
      })
      .onSuccess(both -> Replies.ok(ctx, insight(userId, both.resultAt(0), both.resultAt(1))))
      .onFailure(ctx::fail);
  }

  /** A customer without a score (no order before the scoring date, or no training yet) says so, with no figures. */
  private static JsonObject insight(UUID userId, RowSet<Row> scores, RowSet<Row> status) {
    Row model = status.iterator().next();
    int version = model.getInteger("version");
    JsonObject body = new JsonObject().put("user_id", userId.toString())
      .put("model_version", version == 0 ? null : "repurchase-" + version)
      .put("algorithm", model.getString("algorithm"))
      .put("trained_at", JsonTime.time(model.getOffsetDateTime("trained_at")))
      .put("as_of", JsonTime.time(model.getOffsetDateTime("as_of")));
    if (scores.size() == 0) {
      return body.put("status", version == 0 ? "not_trained" : "not_enough_history")
        .put("repurchase_probability", null).put("segment", null).put("features", null).put("drivers", null)
        .put("baseline", null);
    }
    Row row = scores.iterator().next();
    JsonObject drivers = row.getJsonObject("drivers");
    return body.put("status", "scored")
      .put("repurchase_probability", probability(row))
      .put("segment", row.getString("segment"))
      .put("features", row.getJsonObject("features"))
      .put("baseline", drivers.getDouble("baseline"))
      .put("drivers", drivers.getJsonArray("items"));
  }

  private void list(RoutingContext ctx) {
    String sort = ctx.request().getParam("sort");
    if (sort != null && !SORT.equals(sort)) {
      throw ApiException.invalidParameter("sort", "enum", "sort must be " + SORT + ".");
    }
    String segmentParam = ctx.request().getParam("segment");
    Segment segment = segmentParam == null ? null : Segment.parse(segmentParam);
    if (segmentParam != null && segment == null) {
      throw ApiException.invalidParameter("segment", "enum",
        "segment must be champions, loyal, new, at_risk or hibernating.");
    }
    PageRequest page = PageRequest.from(ctx);
    Float afterProbability = null;
    UUID afterUser = null;
    if (page.after() != null) {
      try {
        afterProbability = page.after().getNumber(0).floatValue();
        afterUser = UUID.fromString(page.after().getString(1));
      } catch (RuntimeException e) {
        throw PageRequest.invalidCursor();
      }
    }
    pool.preparedQuery(RepurchaseSql.RANKED).execute(Tuple.of(afterProbability, afterUser,
      segment == null ? null : segment.wire(), page.fetchSize()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        for (Row row : rows) {
          items.add(new JsonObject().put("user_id", row.getUUID("user_id").toString())
            .put("email", row.getString("email"))
            .put("repurchase_probability", probability(row))
            .put("segment", row.getString("segment"))
            .put("features", row.getJsonObject("features")));
        }
        Replies.ok(ctx, page.page(items, item -> new JsonArray().add(item.getValue("repurchase_probability"))
          .add(item.getString("user_id"))).put("sort", SORT));
      })
      .onFailure(ctx::fail);
  }

  private static double probability(Row row) {
    return row.getFloat("probability");
  }
}
