package io.surge.predictions;

import io.surge.shared.JsonTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One training run: claimed (one at a time across instances), then every model in turn, each one's start, end,
 * rows and error recorded; a model that fails does not stop the next.
 */
final class PredictionTraining {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionTraining.class);

  private final Pool pool;
  private final List<PredictionModel> models;

  PredictionTraining(Pool pool, List<PredictionModel> models) {
    this.pool = pool;
    this.models = models;
  }

  /** True when this call may train, false when a run is in progress already. */
  Future<Boolean> claim(LocalDate cutoff) {
    return pool.preparedQuery(PredictionSql.CLAIM).execute(Tuple.of(cutoff)).map(rows -> rows.size() == 1);
  }

  /** Trains every model (the claim held); the run says idle again afterwards. */
  Future<Void> train(LocalDate cutoff) {
    Future<Void> chain = Future.succeededFuture();
    for (PredictionModel model : models) {
      chain = chain.compose(v -> trainOne(model, cutoff));
    }
    return chain.eventually(() -> pool.query(PredictionSql.FINISHED).execute());
  }

  private Future<Void> trainOne(PredictionModel model, LocalDate cutoff) {
    long start = System.nanoTime();
    return pool.preparedQuery(PredictionSql.MODEL_STARTED).execute(Tuple.of(model.name()))
      .compose(v -> model.train(cutoff))
      .compose(trained -> {
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("prediction model {} trained in {} ms on {} rows", kv("model", model.name()), kv("ms", millis),
          kv("rows", trained.rows()));
        return pool.preparedQuery(PredictionSql.MODEL_TRAINED)
          .execute(Tuple.of(model.name(), millis, trained.rows(), trained.details()));
      })
      .recover(e -> {
        LOG.error("prediction model {} failed", kv("model", model.name()), e);
        return pool.preparedQuery(PredictionSql.MODEL_FAILED)
          .execute(Tuple.of(model.name(), (System.nanoTime() - start) / 1_000_000, e.getClass().getSimpleName()));
      })
      .mapEmpty();
  }

  /** The run's state and every model's last training, as an admin sees them. */
  static Future<JsonObject> status(Pool pool) {
    return pool.query(PredictionSql.STATUS).execute().compose(run -> pool.query(PredictionSql.MODELS).execute()
      .map(models -> {
        Row row = run.iterator().next();
        JsonArray items = new JsonArray();
        for (Row m : models) {
          items.add(new JsonObject().put("model", m.getString("model"))
            .put("started_at", JsonTime.time(m.getOffsetDateTime("started_at")))
            .put("finished_at", JsonTime.time(m.getOffsetDateTime("finished_at")))
            .put("duration_ms", m.getLong("duration_ms"))
            .put("rows", m.getLong("rows"))
            .put("last_error", m.getString("last_error"))
            .put("details", m.getJsonObject("details")));
        }
        LocalDate cutoff = row.getLocalDate("cutoff");
        return new JsonObject().put("state", row.getString("state"))
          .put("started_at", JsonTime.time(row.getOffsetDateTime("started_at")))
          .put("finished_at", JsonTime.time(row.getOffsetDateTime("finished_at")))
          .put("cutoff", cutoff == null ? null : cutoff.toString())
          .put("models", items);
      }));
  }
}
