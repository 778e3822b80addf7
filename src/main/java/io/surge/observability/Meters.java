package io.surge.observability;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineStatsCounter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The one meter registry of the process (Prometheus, scraped on the management port) and the latency buckets every
 * SLO is written against. Vert.x's HTTP server, PostgreSQL and Redis client timers and every {@code surge.*} timer
 * get the same fixed buckets, so p50/p99 and "share under 250 ms" can be computed in Prometheus; other timers stay
 * count/sum/max (buckets cost a series each).
 */
public final class Meters {

  /** Seconds: the flash purchase SLO is 250 ms at p99, the API's 1 s; the tail up to 10 s shows an outage. */
  public static final double[] SLO_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static PrometheusMeterRegistry prometheus;
  /** Set when metrics are off: meters registered in it do nothing (a composite with no registries). */
  private static volatile MeterRegistry disabled;

  private Meters() {
  }

  /** Built once per JVM, before Vert.x registers its first meter (filters apply only to meters registered later). */
  public static synchronized PrometheusMeterRegistry prometheus() {
    if (prometheus == null) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry.config().meterFilter(sloBuckets());
      prometheus = registry;
    }
    return prometheus;
  }

  /** Where domain code registers its meters: the registry Vert.x was started with. */
  public static MeterRegistry registry() {
    if (disabled != null) {
      return disabled;
    }
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry == null ? prometheus() : registry;
  }

  /** Metrics off ({@code management.metricsEnabled} false): every meter registered from now on is a no-op. */
  public static void disable() {
    disabled = new CompositeMeterRegistry();
  }

  /**
   * Caffeine statistics for one in-process cache as {@code cache_gets_total{cache,result=hit|miss}} (and loads,
   * evictions): pass to {@code Caffeine.recordStats}.
   */
  public static Supplier<StatsCounter> cacheStats(String cache) {
    return () -> new CaffeineStatsCounter(registry(), cache);
  }

  private static MeterFilter sloBuckets() {
    Duration[] slos = Arrays.stream(SLO_SECONDS).mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
      .toArray(Duration[]::new);
    double[] nanos = Arrays.stream(slos).mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !withBuckets(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
      }
    };
  }

  /** HTTP server response time, PostgreSQL ("sql") and Redis client processing time, and our own timers. */
  private static boolean withBuckets(String name) {
    return name.startsWith("surge.") || name.equals("vertx.http.server.response.time")
      || name.equals("vertx.sql.processing.time") || name.equals("vertx.redis.processing.time");
  }
}
