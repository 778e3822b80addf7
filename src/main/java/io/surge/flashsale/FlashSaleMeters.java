package io.surge.flashsale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.surge.observability.Meters;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the flash-sale path has decided, per sale, as Prometheus meters and as plain numbers for in-process readers
 * (the admin console's live monitor): one source of truth. Counters are registered when a sale is first loaded, so
 * a purchase only looks its sale up in a map and bumps a counter. The {@code sale} label is bounded by the sales an
 * admin created ({@link #MAX_SALES}); presses for an unknown sale never get a series of their own.
 */
public final class FlashSaleMeters {

  /** How a purchase press ended. */
  public enum Outcome {
    ACCEPTED, SOLD_OUT, LIMIT, RATE_LIMITED, REPLAY, CLOSED, ERROR;

    /** The name in /metrics' {@code outcome} label and in the live monitor. */
    public final String label = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** One sale's counters now: presses per outcome and the units its gate last said were left (-1: not yet read). */
  public record SaleNumbers(UUID saleId, Map<Outcome, Long> outcomes, long unitsLeft) {
  }

  static final int MAX_SALES = 500;
  private static final String OTHER = "other";
  private static final FlashSaleMeters INSTANCE = new FlashSaleMeters(Meters.registry());

  private final MeterRegistry registry;
  private final Map<UUID, SaleMeters> sales = new ConcurrentHashMap<>();
  private final SaleMeters other;
  private final AtomicInteger pending = new AtomicInteger();
  private final DistributionSummary batchSize;
  private final DistributionSummary gatePipeline;
  private final Timer commit;
  private final Counter decidedAtOnce;
  private final Counter decidedOneByOne;

  private FlashSaleMeters(MeterRegistry registry) {
    this.registry = registry;
    this.other = new SaleMeters(OTHER);
    Gauge.builder("surge.flash.purchases.pending", pending, AtomicInteger::get)
      .description("Accepted flash purchases not yet written as orders (queued or in the writer's transaction)")
      .register(registry);
    batchSize = DistributionSummary.builder("surge.flash.writer.batch.size")
      .description("Purchases per writer transaction").serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 250, 500)
      .register(registry);
    gatePipeline = DistributionSummary.builder("surge.flash.gate.pipeline.size")
      .description("Purchase decisions sent to Redis in one write (one event-loop turn's, per gate bucket)")
      .serviceLevelObjectives(1, 2, 5, 10, 25, 50).register(registry);
    commit = Timer.builder("surge.flash.writer.commit").description("Writer transaction time, begin to commit")
      .register(registry);
    // How often PostgreSQL and the gate disagreed: each disagreement costs the batch a second transaction.
    decidedAtOnce = Counter.builder("surge.flash.writer.batches").tag("decided", "at_once")
      .description("Writer batches: written whole in one round trip, or decided purchase by purchase")
      .register(registry);
    decidedOneByOne = Counter.builder("surge.flash.writer.batches").tag("decided", "one_by_one")
      .description("Writer batches: written whole in one round trip, or decided purchase by purchase")
      .register(registry);
  }

  /** The process's flash-sale meters. */
  public static FlashSaleMeters get() {
    return INSTANCE;
  }

  /** This sale's numbers as this process counted them; empty outcomes when it has not seen the sale. */
  public SaleNumbers numbers(UUID saleId) {
    SaleMeters sale = sales.get(saleId);
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, sale == null ? 0 : (long) sale.counters.get(outcome).count());
    }
    return new SaleNumbers(saleId, counts, sale == null ? -1 : sale.unitsLeft.get());
  }

  /** The sales this process has counters for (read once a second by {@link SaleSnapshots}). */
  java.util.Set<UUID> counted() {
    return java.util.Set.copyOf(sales.keySet());
  }

  /** Accepted purchases this process has not yet written as orders. */
  public int pendingWrites() {
    return pending.get();
  }

  /** Registers a sale that exists (read from PostgreSQL); beyond {@link #MAX_SALES} it counts as "other". */
  void known(UUID saleId) {
    if (!sales.containsKey(saleId) && sales.size() < MAX_SALES) {
      sales.computeIfAbsent(saleId, id -> new SaleMeters(id.toString()));
    }
  }

  void count(UUID saleId, Outcome outcome) {
    SaleMeters sale = sales.get(saleId);
    (sale == null ? other : sale).counters.get(outcome).increment();
  }

  void unitsLeft(UUID saleId, long units) {
    SaleMeters sale = sales.get(saleId);
    if (sale != null) {
      sale.unitsLeft.set(units);
    }
  }

  void queued() {
    pending.incrementAndGet();
  }

  /** A writer transaction committed this many purchases in this time. */
  void committed(int purchases, long nanos, boolean atOnce) {
    (atOnce ? decidedAtOnce : decidedOneByOne).increment();
    batchSize.record(purchases);
    commit.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void gatePipeline(int decisions) {
    gatePipeline.record(decisions);
  }

  /** Queued purchases whose transaction ended (committed or not): no longer waiting. */
  void notWritten(int purchases) {
    pending.addAndGet(-purchases);
  }

  private final class SaleMeters {
    final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    final AtomicLong unitsLeft = new AtomicLong(-1);

    SaleMeters(String sale) {
      for (Outcome outcome : Outcome.values()) {
        counters.put(outcome, Counter.builder("surge.flash.purchases").description("Flash-sale purchase presses")
          .tag("sale", sale).tag("outcome", outcome.label).register(registry));
      }
      if (!OTHER.equals(sale)) {
        Gauge.builder("surge.flash.units.left", unitsLeft, AtomicLong::get)
          .description("Units the sale's gate last said were left (-1 until read)").tag("sale", sale)
          .register(registry);
      }
    }
  }
}
