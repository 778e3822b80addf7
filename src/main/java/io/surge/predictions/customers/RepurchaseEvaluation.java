package io.surge.predictions.customers;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/**
 * The offline check: the stored scores (made as of the model's {@code as_of}) beside what the customers really did
 * in the {@code days} after it, ranked by the model and by the rule "more orders so far = more likely". Meant for a
 * model trained with {@code from} in the past (benchmarks/predictions-repurchase.sh); ranking runs on a worker.
 */
final class RepurchaseEvaluation {

  private final Vertx vertx;
  private final Pool pool;

  RepurchaseEvaluation(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminRepurchaseEvaluation").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::evaluate);
  }

  private void evaluate(RoutingContext ctx) {
    int days = days(ctx.request().getParam("days"));
    pool.query(RepurchaseSql.STATUS).execute()
      .compose(status -> {
        Row model = status.iterator().next();
        OffsetDateTime asOf = model.getOffsetDateTime("as_of");
        if (asOf == null) {
          throw ApiException.conflict("not_trained", "The repurchase model has not been trained yet.");
        }
        return pool.preparedQuery(RepurchaseSql.OUTCOMES).execute(Tuple.of(asOf, asOf.plusDays(days)))
          .compose(rows -> vertx.executeBlocking(() -> figures(rows), false))
          .map(figures -> figures.put("as_of", io.surge.shared.JsonTime.time(asOf)).put("days", days)
            .put("algorithm", model.getString("algorithm"))
            .put("model_version", "repurchase-" + model.getInteger("version"))
            .put("held_out_cutoff", model.getJsonObject("measurements")));
      })
      .onSuccess(body -> Replies.ok(ctx, body))
      .onFailure(ctx::fail);
  }

  private static JsonObject figures(RowSet<Row> rows) {
    int n = rows.size();
    double[] model = new double[n];
    double[] rule = new double[n];
    boolean[] bought = new boolean[n];
    int buyers = 0;
    int i = 0;
    for (Row row : rows) {
      model[i] = row.getFloat("probability");
      rule[i] = row.getInteger("orders");
      bought[i] = row.getBoolean("bought");
      buyers += bought[i] ? 1 : 0;
      i++;
    }
    return new JsonObject().put("customers", n).put("buyers", buyers)
      .put("model", figures(model, bought)).put("order_count_rule", figures(rule, bought));
  }

  private static JsonObject figures(double[] scores, boolean[] bought) {
    double auc = Ranking.auc(scores, bought);
    double precision = Ranking.precisionAtTop(scores, bought, RepurchaseFit.TOP_DECILE);
    return new JsonObject().put("auc", Double.isFinite(auc) ? auc : null)
      .put("precision_top_decile", Double.isFinite(precision) ? precision : null);
  }

  private static int days(String raw) {
    if (raw == null || raw.isEmpty()) {
      return 30;
    }
    try {
      int days = Integer.parseInt(raw);
      if (days >= 1 && days <= 365) {
        return days;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem
    }
    throw ApiException.invalidParameter("days", "range", "days must be a whole number from 1 to 365.");
  }
}
