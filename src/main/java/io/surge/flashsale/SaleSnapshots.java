package io.surge.flashsale;

import io.surge.flashsale.FlashSaleMeters.Outcome;
import io.surge.observability.Meters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every second, this process's part of each active sale's numbers goes to Redis for the live monitor: one field per
 * process in the hash {@code surge:fs:{<id>}:live} holding its counters from {@link FlashSaleMeters} (the ones
 * {@code /metrics} exports: totals and the last second's increase per outcome), the units its gate last reported,
 * and the purchase route's latency over the last minute as counts per SLO bucket ({@link PurchaseLatency}). The
 * monitor adds the fields up, so every instance and process counts. Nothing here runs on the purchase path: it only
 * reads counters the path already bumps. A sale is published while it had presses in the last minute; the hash
 * lives {@code flashSales.liveTtlSeconds} after the last write, so a sale's totals (a stopped process's included)
 * outlive the stampede.
 */
final class SaleSnapshots {

  private static final Logger LOG = LoggerFactory.getLogger(SaleSnapshots.class);
  /** One per JVM: two Vert.x instances in one process share its meters, so they write the same field. */
  static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName() + "/"
    + UUID.randomUUID().toString().substring(0, 8);
  static final long PERIOD_MILLIS = 1000;
  private static final long QUIET_AFTER_MILLIS = 60_000;

  private final RedisAPI redis;
  private final long ttlSeconds;
  private final FlashSaleMeters meters = FlashSaleMeters.get();
  private final PurchaseLatency latency = new PurchaseLatency(Meters.registry());
  private final Map<UUID, Map<Outcome, Long>> previous = new HashMap<>();
  private final Map<UUID, Long> lastPress = new HashMap<>();

  SaleSnapshots(RedisAPI redis, long ttlSeconds) {
    this.redis = redis;
    this.ttlSeconds = ttlSeconds;
  }

  static String key(UUID saleId) {
    return FlashGate.base(saleId) + ":live";
  }

  void start(Vertx vertx) {
    vertx.setPeriodic(PERIOD_MILLIS, id -> publish());
  }

  private void publish() {
    long now = System.currentTimeMillis();
    long[] minute = latency.lastMinute();
    double max = latency.maxMillis();
    for (UUID saleId : meters.counted()) {
      FlashSaleMeters.SaleNumbers numbers = meters.numbers(saleId);
      Map<Outcome, Long> before = previous.put(saleId, numbers.outcomes());
      if (before == null ? total(numbers.outcomes()) > 0 : !before.equals(numbers.outcomes())) {
        lastPress.put(saleId, now);
      }
      Long pressed = lastPress.get(saleId);
      if (pressed == null || now - pressed > QUIET_AFTER_MILLIS) {
        continue;
      }
      JsonObject totals = new JsonObject();
      JsonObject second = new JsonObject();
      for (Outcome outcome : Outcome.values()) {
        long count = numbers.outcomes().get(outcome);
        totals.put(outcome.label, count);
        second.put(outcome.label, Math.max(0, count - (before == null ? count : before.get(outcome))));
      }
      JsonObject snapshot = new JsonObject().put("at", now).put("totals", totals).put("second", second)
        .put("units_left", numbers.unitsLeft()).put("latency", PurchaseLatency.json(minute)).put("max_ms", max);
      String key = key(saleId);
      redis.hset(List.of(key, PROCESS, snapshot.encode()))
        .compose(v -> redis.expire(List.of(key, Long.toString(ttlSeconds))))
        .onFailure(e -> LOG.debug("flash sale {}: live numbers not published this second", saleId, e));
    }
  }

  static long total(Map<Outcome, Long> outcomes) {
    return outcomes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Zero per outcome, to add snapshots into. */
  static Map<Outcome, Long> zero() {
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, 0L);
    }
    return counts;
  }
}
