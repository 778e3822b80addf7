package io.surge.predictions.customers;

import io.surge.Infrastructure;
import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Mounts the repurchase predictions' admin operations: the customer insights and the re-engagement list
 * ({@link CustomerInsightRoutes}), the model's status and offline evaluation ({@link RepurchaseEvaluation}), and
 * (until the demand forecasts' training endpoint takes this model in) {@code POST /api/v1/admin/predictions:train},
 * which trains this model only.
 */
public final class CustomerPredictionsApi {

  private final Vertx vertx;
  private final Pool pool;

  private CustomerPredictionsApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    CustomerPredictionsApi routes = new CustomerPredictionsApi(infra.vertx(), infra.pg());
    api.getRoute("adminTrainPredictions").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::train);
    api.getRoute("adminRepurchaseModel").addHandler(Roles.require(Roles.ADMIN)).addHandler(routes::status);
    new RepurchaseEvaluation(infra.vertx(), infra.pg()).mount(api);
    new CustomerInsightRoutes(infra.pg()).mount(api);
  }

  /** 202 with the status (running); 409 when a training is running already. */
  private void train(RoutingContext ctx) {
    LocalDate from = day(ctx, "from");
    String algorithm = ctx.request().getParam("algorithm");
    if (algorithm != null && Classifier.Algorithm.parse(algorithm) == null) {
      throw ApiException.invalidParameter("algorithm", "enum",
        "algorithm must be gradient_boosted_trees or logistic_regression.");
    }
    JsonObject request = new JsonObject().put("algorithm", algorithm)
      .put("as_of", from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    vertx.eventBus().<JsonObject>request(CustomerPredictionsVerticle.TRAIN, request)
      .compose(reply -> {
        if (!reply.body().getBoolean("started")) {
          throw ApiException.conflict("training_running", "A training is running; see its status.");
        }
        return pool.query(RepurchaseSql.STATUS).execute();
      })
      .onSuccess(rows -> ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
        .end(status(rows.iterator().next()).toBuffer()))
      .onFailure(ctx::fail);
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

  /** An optional {@code YYYY-MM-DD} query parameter; 400 naming it when it is not a date. */
  static LocalDate day(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      LocalDate day = LocalDate.parse(raw);
      if (day.getYear() < 1970 || day.getYear() > 9999) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
      return day;
    } catch (DateTimeParseException e) {
      throw ApiException.invalidParameter(name, "date", name + " must be a date, YYYY-MM-DD.");
    }
  }
}
