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
      table.append(String.format(Locale.ROOT, "%-16s HR@10 %.4f  NDCG@10 %.4f  Recall@20 %.4f%n", model,
        m.getDouble("hr_at_10"), m.getDouble("ndcg_at_10"), m.getDouble("recall_at_20")));
    }
    for (int i = 0; i < targets.size(); i++) {
      JsonObject t = targets.getJsonObject(i);
      table.append(String.format(Locale.ROOT, "%-46s %10.3f  target %s %-5s %s%n", t.getString("name"),
        t.getDouble("value"), t.getString("op"), t.getDouble("target"), t.getBoolean("pass") ? "PASS" : "FAIL"));
    }
    return table.toString();
  }

  private static double ratio(JsonObject a, JsonObject b, String key) {
    double below = b.getDouble(key);
    return below == 0 ? Double.POSITIVE_INFINITY : a.getDouble(key) / below;
  }

  private static JsonObject target(String name, double value, String op, double target) {
    boolean pass = ">=".equals(op) ? value >= target : value < target;
    return new JsonObject().put("name", name).put("value", Double.isInfinite(value) ? null : value)
      .put("op", op).put("target", target).put("pass", pass);
  }
}
