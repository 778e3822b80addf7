package io.surge.predictions;

/** The training run's statements; the {@code prediction_*} tables are written here only. */
final class PredictionSql {

  private PredictionSql() {
  }

  /** Claims the run (a stale claim, from a process that died training, is taken over after an hour). */
  static final String CLAIM = """
    INSERT INTO prediction_training AS t (id, state, started_at, cutoff) VALUES (true, 'running', now(), $1)
    ON CONFLICT (id) DO UPDATE SET state = 'running', started_at = now(), finished_at = NULL, cutoff = $1
     WHERE t.state = 'idle' OR t.started_at < now() - interval '1 hour'
    RETURNING started_at""";
  static final String FINISHED = "UPDATE prediction_training SET state = 'idle', finished_at = now()";
  static final String MODEL_STARTED = """
    INSERT INTO prediction_models (model, started_at) VALUES ($1, now())
    ON CONFLICT (model) DO UPDATE SET started_at = now(), finished_at = NULL, duration_ms = NULL, rows = NULL,
           last_error = NULL, details = NULL""";
  static final String MODEL_TRAINED = "UPDATE prediction_models SET finished_at = now(), duration_ms = $2, rows = $3, "
    + "details = $4 WHERE model = $1";
  static final String MODEL_FAILED = "UPDATE prediction_models SET finished_at = now(), duration_ms = $2, "
    + "last_error = $3 WHERE model = $1";
  /** The run's one row, or an idle blank before the first training (a wiped database has none). */
  static final String STATUS = "SELECT coalesce(t.state, 'idle') AS state, t.started_at, t.finished_at, t.cutoff "
    + "FROM (VALUES (true)) v(id) LEFT JOIN prediction_training t ON t.id = v.id";
  static final String MODELS = "SELECT model, started_at, finished_at, duration_ms, rows, last_error, details "
    + "FROM prediction_models ORDER BY model";
}
