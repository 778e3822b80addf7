package io.surge.flashsale;

import io.surge.flashsale.FlashSaleMeters.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Map;

/**
 * Every process's snapshot of one sale ({@link SaleSnapshots}) added up: totals from all of them (a stopped process's
 * presses still happened), last-second answers and the latency minute from the fresh ones only.
 */
record LiveTotals(Map<Outcome, Long> totals, Map<Outcome, Long> second, long[] latency, double maxMillis, int fresh) {

  static LiveTotals of(Collection<String> snapshots, long now, long freshMillis) {
    Map<Outcome, Long> totals = SaleSnapshots.zero();
    Map<Outcome, Long> second = SaleSnapshots.zero();
    long[] latency = new long[PurchaseLatency.BUCKETS];
    double max = 0;
    int fresh = 0;
    for (String text : snapshots) {
      JsonObject snapshot = new JsonObject(text);
      add(totals, snapshot.getJsonObject("totals"));
      if (now - snapshot.getLong("at") > freshMillis) {
        continue;
      }
      fresh++;
      add(second, snapshot.getJsonObject("second"));
      JsonArray buckets = snapshot.getJsonArray("latency");
      for (int i = 0; i < latency.length && i < buckets.size(); i++) {
        latency[i] += buckets.getLong(i);
      }
      max = Math.max(max, snapshot.getDouble("max_ms", 0.0));
    }
    return new LiveTotals(totals, second, latency, max, fresh);
  }

  long latencyCount() {
    long count = 0;
    for (long bucket : latency) {
      count += bucket;
    }
    return count;
  }

  private static void add(Map<Outcome, Long> into, JsonObject counts) {
    for (Outcome outcome : Outcome.values()) {
      into.merge(outcome, counts.getLong(outcome.label, 0L), Long::sum);
    }
  }
}
