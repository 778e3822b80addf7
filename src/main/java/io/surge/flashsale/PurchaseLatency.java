package io.surge.flashsale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.surge.observability.Meters;
import io.vertx.core.json.JsonArray;

import java.util.concurrent.TimeUnit;

/**
 * The purchase route's latency as {@code /metrics} has it: Vert.x's HTTP server timer for the route template
 * (every answer code), in the SLO buckets of {@link Meters}. Read once a second, off the purchase path; the last
 * minute is the difference between now and 60 s ago, per bucket, so instances' minutes add up bucket by bucket (a
 * mergeable histogram). The timer is per route, not per sale: with one sale running they are the same presses.
 */
final class PurchaseLatency {

  static final String ROUTE = "/api/v1/flash-sales/:id/purchases";
  private static final String TIMER = "vertx.http.server.response.time";
  /** Buckets: one per SLO bound, then one beyond the last. */
  static final int BUCKETS = Meters.SLO_SECONDS.length + 1;
  private static final int WINDOW_SECONDS = 60;

  private final MeterRegistry registry;
  /** Counts per bucket since start, one sample per second: the newest minute is now minus the oldest kept. */
  private final long[][] samples = new long[WINDOW_SECONDS + 1][];
  private int next;

  PurchaseLatency(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Samples the timers and returns the counts per bucket over the last minute (less just after start). */
  long[] lastMinute() {
    long[] now = sinceStart();
    samples[next] = now;
    next = (next + 1) % samples.length;
    long[] oldest = samples[next];
    if (oldest == null) {
      oldest = samples[0];
    }
    long[] minute = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      minute[i] = Math.max(0, now[i] - oldest[i]);
    }
    return minute;
  }

  /** The highest latency the route's timers hold (Micrometer's decaying max: the last minute or two), in ms. */
  double maxMillis() {
    double max = 0;
    for (Timer timer : registry.find(TIMER).tag("route", ROUTE).timers()) {
      max = Math.max(max, timer.max(TimeUnit.MILLISECONDS));
    }
    return max;
  }

  private long[] sinceStart() {
    long[] counts = new long[BUCKETS];
    for (Timer timer : registry.find(TIMER).tag("route", ROUTE).timers()) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      CountAtBucket[] buckets = snapshot.histogramCounts();
      if (buckets.length != Meters.SLO_SECONDS.length) {
        continue; // metrics off, or a timer without the SLO buckets
      }
      double below = 0;
      for (int i = 0; i < buckets.length; i++) { // Prometheus buckets are cumulative: "at or under this bound"
        counts[i] += (long) (buckets[i].count() - below);
        below = buckets[i].count();
      }
      counts[BUCKETS - 1] += (long) Math.max(0, snapshot.count() - below);
    }
    return counts;
  }

  /**
   * A percentile (0..1) from counts per bucket, in ms, interpolated inside its bucket as Prometheus'
   * {@code histogram_quantile} does and never above {@code maxMillis}; null without any count.
   */
  static Double percentile(long[] counts, double q, double maxMillis) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && below + counts[i] >= rank) {
        double lower = i == 0 ? 0 : Meters.SLO_SECONDS[i - 1] * 1000;
        double upper = i < Meters.SLO_SECONDS.length ? Meters.SLO_SECONDS[i] * 1000 : Math.max(lower, maxMillis);
        double value = lower + (upper - lower) * (rank - below) / counts[i];
        return round(maxMillis > 0 ? Math.min(value, maxMillis) : value);
      }
      below += counts[i];
    }
    return round(maxMillis);
  }

  static JsonArray json(long[] counts) {
    JsonArray array = new JsonArray();
    for (long count : counts) {
      array.add(count);
    }
    return array;
  }

  private static double round(double millis) {
    return Math.round(millis * 100) / 100.0;
  }
}
