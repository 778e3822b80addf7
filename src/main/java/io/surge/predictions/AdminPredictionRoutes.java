package io.surge.predictions;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

import java.time.LocalDate;

/** The merchant's side of training: start a run (optionally as of a past day) and see each model's last training. */
final class AdminPredictionRoutes {

  private final Vertx vertx;
  private final Pool pool;

  AdminPredictionRoutes(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminTrainPredictions").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::train);
    api.getRoute("adminPredictionStatus").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::status);
  }

  /** 202 with the status (running); 409 when a run is in progress already. */
  private void train(RoutingContext ctx) {
    LocalDate from = DayParameter.optional(ctx, "from");
    JsonObject request = new JsonObject().put("cutoff", from == null ? null : from.toString());
    vertx.eventBus().<JsonObject>request(PredictionsBus.TRAIN, request)
      .compose(reply -> {
        if (!reply.body().getBoolean("started")) {
          throw ApiException.conflict("training_running", "A training is running; see its status.");
        }
        return PredictionTraining.status(pool);
      })
      .onSuccess(status -> ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
        .end(status.toBuffer()))
      .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    PredictionTraining.status(pool).onSuccess(status -> Replies.ok(ctx, status)).onFailure(ctx::fail);
  }
}
