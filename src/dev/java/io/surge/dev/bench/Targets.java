package io.surge.dev.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** Issue 13's targets, each figure beside its target with PASS or FAIL. */
final class Targets {

  private Targets() {
  }

  /** Adds {@code targets} to the result and returns them as a printable table. */
  static String judge(JsonObject result) {
    JsonObject offline = result.getJsonObject("offline");
    JsonObject trending = offline.getJsonObject("trending");
    JsonObject forYou = offline.getJsonObject("for_you");
    JsonObject serving = result.getJsonObject("serving");
    JsonObject training = result.getJsonObject("training");
    JsonArray targets = new JsonArray()
      .add(target("for-you HR@10 / popularity HR@10", ratio(forYou, trending, "hr_at_10"), ">=", 1.5))
      .add(target("for-you NDCG@10 / popularity NDCG@10", ratio(forYou, trending, "ndcg_at_10"), ">=", 1.5))
      .add(target("/me throughput / static throughput", serving.getJsonObject("me").getDouble("per_second")
        / serving.getJsonObject("static").getDouble("per_second"), ">=", 0.5))
      .add(target("/me p99 ms", serving.getJsonObject("me").getDouble("p99_ms"), "<", 20))
      .add(target("training s", training.getLong("duration_ms", Long.MAX_VALUE) / 1000.0, "<", 60));
    if (serving.containsKey("trained_customers")) {
      JsonObject trained = serving.getJsonObject("trained_customers");
      targets.add(target("trained-customer lookups / static throughput", trained.getDouble("per_second")
        / serving.getJsonObject("static").getDouble("per_second"), ">=", 0.5))
        .add(target("trained-customer lookups p99 ms", trained.getDouble("p99_ms"), "<", 20));
    }
    result.put("targets", targets);
    StringBuilder table = new StringBuilder();
    for (String model : RecommendationEval.MODELS) {
      JsonObject m = offline.getJsonObject(model);
      table.append(String.format(Locale.ROOT, "%-16s HR@10 %.4f  NDCG@10 %.4f  Recall@20 %.4f  (mean list %.1f, "
        + "empty %d)%n", model, m.getDouble("hr_at_10"), m.getDouble("ndcg_at_10"), m.getDouble("recall_at_20"),
        m.getDouble("mean_list_length"), m.getLong("empty_lists")));
    }
    for (int i = 0; i < targets.size(); i++) {
      JsonObject t = targets.getJsonObject(i);
      String value = t.getDouble("value") == null ? "missing"
        : String.format(Locale.ROOT, "%.3f", t.getDouble("value"));
      table.append(String.format(Locale.ROOT, "%-46s %10s  target %s %-5s %s%n", t.getString("name"), value,
        t.getString("op"), t.getDouble("target"), t.getBoolean("pass") ? "PASS" : "FAIL"));
    }
    return table.toString();
  }

  /** a / b, or NaN (no figure, so FAIL) when either is missing or the baseline scored 0 (nothing to compare). */
  static double ratio(JsonObject a, JsonObject b, String key) {
    Double above = a.getDouble(key);
    Double below = b.getDouble(key);
    return above == null || below == null || below == 0 ? Double.NaN : above / below;
  }

  /** A missing or non-finite figure is FAIL, never PASS. */
  static JsonObject target(String name, double value, String op, double target) {
    boolean known = Double.isFinite(value);
    boolean pass = known && (">=".equals(op) ? value >= target : value < target);
    return new JsonObject().put("name", name).put("value", known ? value : null)
      .put("op", op).put("target", target).put("pass", pass);
  }
}
