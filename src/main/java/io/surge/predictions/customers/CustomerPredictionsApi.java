package io.surge.predictions.customers;

import io.surge.Infrastructure;
import io.surge.auth.Roles;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Mounts the repurchase predictions' admin operations: the customer insights and the re-engagement list
 * ({@link CustomerInsightRoutes}), the model's status and offline evaluation ({@link RepurchaseEvaluation}). It is
 * trained with the demand forecasts ({@code POST /api/v1/admin/predictions:train}, {@code PredictionsVerticle}).
 */
public final class CustomerPredictionsApi {

  private final Pool pool;

  private CustomerPredictionsApi(Pool pool) {
    this.pool = pool;
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    CustomerPredictionsApi routes = new CustomerPredictionsApi(infra.pg());
    api.getRoute("adminRepurchaseModel").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::status);
    new RepurchaseEvaluation(infra.vertx(), infra.pg()).mount(api);
    new CustomerInsightRoutes(infra.pg()).mount(api);
  }

  private void status(RoutingContext ctx) {
    pool.query(RepurchaseSql.STATUS).execute()
      .onSuccess(rows -> Replies.ok(ctx, status(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  /** The model row as an admin sees it. */
  static JsonObject status(Row row) {
    int version = row.getInteger("version");
    return new JsonObject()
      .put("model", "repurchase")
      .put("state", row.getString("state"))
      .put("model_version", version == 0 ? null : "repurchase-" + version)
      .put("started_at", JsonTime.time(row.getOffsetDateTime("started_at")))
      .put("trained_at", JsonTime.time(row.getOffsetDateTime("trained_at")))
      .put("as_of", JsonTime.time(row.getOffsetDateTime("as_of")))
      .put("algorithm", row.getString("algorithm"))
      .put("duration_ms", row.getLong("duration_ms"))
      .put("memory_bytes", row.getLong("memory_bytes"))
      .put("rows", row.getInteger("rows"))
      .put("customers", row.getInteger("customers"))
      .put("measurements", row.getJsonObject("measurements"))
      .put("last_error", row.getString("last_error"));
  }
}
