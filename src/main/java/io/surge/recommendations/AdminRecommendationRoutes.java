package io.surge.recommendations;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Set;

/**
 * The merchant's side: start a training, see the model's state and last offline evaluation (which the
 * evaluation script records), and see what one customer would be shown.
 */
final class AdminRecommendationRoutes {

  private static final Set<String> MODELS = Set.of("all", "for_you", "bought_together", "trending");

  private final Vertx vertx;
  private final Pool pool;
  private final Recommendations recommendations;

  AdminRecommendationRoutes(Vertx vertx, Pool pool, Recommendations recommendations) {
    this.vertx = vertx;
    this.pool = pool;
    this.recommendations = recommendations;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminTrainRecommendations").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::train);
    api.getRoute("adminRecommendationStatus").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::status);
    api.getRoute("adminRecordRecommendationEvaluation").addHandler(Roles.require(Roles.ADMIN))
      .addHandler(this::recordEvaluation);
    // its parameters are checked in forUser: the contract's validator runs on a worker (two thread hops a request)
    api.getRoute("adminUserRecommendations").setDoValidation(false).addHandler(Roles.require(Roles.ADMIN))
      .addHandler(this::forUser);
  }

  /** 202 with the status (running); 409 when a training is running already. */
  private void train(RoutingContext ctx) {
    vertx.eventBus().<JsonObject>request(RecommendationsBus.TRAIN, null)
      .compose(reply -> {
        if (!reply.body().getBoolean("started")) {
          throw ApiException.conflict("training_running", "A training is running; see its status.");
        }
        return pool.query(RecommendationSql.STATUS).execute();
      })
      .onSuccess(rows -> ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
        .end(ModelTraining.status(rows.iterator().next()).toBuffer()))
      .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    pool.query(RecommendationSql.STATUS).execute()
      .onSuccess(rows -> Replies.ok(ctx, ModelTraining.status(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  private void recordEvaluation(RoutingContext ctx) {
    JsonObject evaluation = ctx.body().asJsonObject();
    pool.preparedQuery(RecommendationSql.SAVE_EVALUATION).execute(Tuple.of(evaluation))
      .compose(v -> pool.query(RecommendationSql.STATUS).execute())
      .onSuccess(rows -> Replies.ok(ctx, ModelTraining.status(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  private void forUser(RoutingContext ctx) {
    String model = ctx.request().getParam("model");
    if (model != null && !MODELS.contains(model)) {
      throw ApiException.invalidField("model", "enum", "model must be all, for_you, bought_together or trending.");
    }
    Recommendations.Blend blend = Recommendations.Blend.of(model);
    recommendations.forCustomer(Ids.parse(ctx.pathParam("id"), "The user"), RecommendationRoutes.limit(ctx), blend)
      .onSuccess(body -> Replies.ok(ctx, body))
      .onFailure(ctx::fail);
  }
}
