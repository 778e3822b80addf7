package io.surge.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.surge.Infrastructure;
import io.surge.observability.Meters;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka and marks them sent. One batch at a time: read the oldest pending rows in
 * {@code seq} order, send them all, wait for every ack, mark the acknowledged ones, repeat at once while rows
 * remain, else poll again shortly (or when a writer nudges on {@link OutboxBus#NUDGE}). A failed send
 * leaves its row pending and the relay backs off and starts again from the oldest pending row: rows are never
 * skipped, so a Kafka outage only delays events.
 *
 * <p>Order per aggregate: writers append an event after locking the aggregate's row, so one aggregate's events
 * get increasing {@code seq} in commit order; only the relay holding the {@link RelayLease} reads and sends, in
 * {@code seq} order, keyed by aggregate id (one partition each), with an idempotent producer that keeps send
 * order. When the lease moves, the old holder may still land sends it had in flight; those are copies of rows
 * the new holder sends again in order, so the first copy of each event is still in order.
 *
 * <p>At least once: a crash (or a failed mark) between Kafka's ack and the mark sends those rows again.
 * Consumers dedupe by the envelope's {@code id}.
 */
public final class OutboxRelay extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long STOP_WAIT_MS = 5_000;
  private static final long PRUNE_EVERY_MS = 60_000;

  private Pool pg;
  private RelayLease lease;
  private EventPublisher publisher;
  private Counter published;
  private Counter failedBatches;
  /** When the oldest event still pending occurred (epoch ms), as of the last batch read; 0 when none was. */
  private final AtomicLong oldestPending = new AtomicLong();
  private int batchSize;
  private long pollMs;
  private long lingerMs;
  private boolean lingering;
  private int keepPublishedHours;
  private long pruneTimer = -1;
  private boolean leading;
  private boolean busy;
  private boolean again;
  private boolean stopping;
  private int failures;
  private long timer = -1;
  private Future<?> inFlight = Future.succeededFuture();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    OutboxSettings outbox = OutboxSettings.from(config);
    batchSize = outbox.batchSize();
    pollMs = outbox.pollMillis();
    lingerMs = outbox.lingerMillis();
    keepPublishedHours = outbox.keepPublishedHours();
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    publisher = new EventPublisher(vertx, config.getJsonObject("kafka").getString("bootstrapServers"), outbox);
    lease = new RelayLease(vertx, Infrastructure.pgConnectOptions(config.getJsonObject("postgres")),
      outbox.lockRetryMillis(), v -> lead(), v -> follow());
    MeterRegistry registry = Meters.registry();
    published = Counter.builder("surge.outbox.published").description("Outbox events acknowledged by Kafka")
      .register(registry);
    failedBatches = Counter.builder("surge.outbox.failed.batches").description("Outbox batches with a failed send")
      .register(registry);
    // the lag grows between reads too (computed at scrape time), so a relay stuck on Kafka shows a rising age
    Gauge.builder("surge.outbox.lag.seconds", oldestPending,
      oldest -> oldest.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest.get()) / 1000.0)
      .description("Age of the oldest outbox event not yet published (this instance's relay; 0 when it follows)")
      .register(registry);
    vertx.eventBus().localConsumer(OutboxBus.NUDGE, message -> nudge());
    lease.start();
    return Future.succeededFuture();
  }

  private void lead() {
    leading = true;
    failures = 0;
    poll();
    vertx.cancelTimer(pruneTimer);
    if (keepPublishedHours > 0) {
      pruneTimer = vertx.setPeriodic(PRUNE_EVERY_MS, id -> prune());
    }
  }

  private void follow() {
    leading = false;
    oldestPending.set(0);
    vertx.cancelTimer(timer);
    lingering = false;
    vertx.cancelTimer(pruneTimer);
  }

  private void prune() {
    OutboxPruning.prune(pg, keepPublishedHours)
      .onSuccess(deleted -> {
        if (deleted > 0) {
          LOG.info("Outbox: deleted {} events published more than {} h ago", deleted, keepPublishedHours);
        }
      })
      .onFailure(e -> LOG.warn("Outbox pruning failed; it is tried again in a minute: {}", e.getMessage()));
  }

  /**
   * A writer committed events: relay them within {@code outbox.lingerMillis}, unless backing off after a failure. The
   * linger makes commits close together one batch: Kafka's cost goes with requests, not events (the broker answers
   * each produce request and each consumer group's fetch it wakes), and at a moderate rate a batch per commit tripled
   * the broker's CPU per checkout (checkout benchmark at half load, 2026-12-04). A batch in flight takes the commits
   * made meanwhile at once when it ends.
   */
  private void nudge() {
    if (failures != 0 || lingering) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    vertx.cancelTimer(timer);
    lingering = true;
    timer = vertx.setTimer(Math.max(1, lingerMs), id -> poll());
  }

  private void poll() {
    vertx.cancelTimer(timer);
    timer = -1;
    lingering = false;
    if (!leading || stopping) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    inFlight = relayBatch().onComplete(this::batchDone);
  }

  private void batchDone(AsyncResult<Integer> done) {
    busy = false;
    if (done.failed()) {
      failures++;
      long delay = Math.min(MAX_BACKOFF_MS, pollMs << Math.min(failures, 10));
      LOG.warn("Outbox relay batch failed ({} in a row); events stay pending, retrying in {} ms",
        failures, delay, done.cause());
      schedule(delay);
      return;
    }
    failures = 0;
    schedule(done.result() >= batchSize || again ? 0 : pollMs);
  }

  private void schedule(long delayMs) {
    if (stopping || !leading) {
      return;
    }
    if (delayMs == 0) {
      vertx.runOnContext(v -> poll());
    } else {
      timer = vertx.setTimer(delayMs, id -> poll());
    }
  }

  /** Completes with the number of rows read; fails if any of them could not be sent or marked. */
  private Future<Integer> relayBatch() {
    return pg.preparedQuery(OutboxSql.PENDING).execute(Tuple.of(batchSize))
      .compose(rows -> {
        oldestPending.set(rows.size() == 0 ? 0 : rows.iterator().next().getOffsetDateTime("occurred_at").toInstant()
          .toEpochMilli());
        return rows.size() == 0 ? Future.succeededFuture(0) : publish(rows);
      });
  }

  private Future<Integer> publish(RowSet<Row> rowSet) {
    List<Row> rows = new ArrayList<>(rowSet.size());
    rowSet.forEach(rows::add);
    return publisher.publish(rows).compose(acks -> markPublished(acks.seqs()).compose(v -> {
      if (acks.failure() != null) {
        failedBatches.increment();
        return Future.failedFuture(acks.failure());
      }
      return Future.succeededFuture(rows.size());
    }));
  }

  private Future<Void> markPublished(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    return pg.preparedQuery(OutboxSql.MARK_PUBLISHED).execute(Tuple.of(seqs.toArray(new Long[0])))
      .onSuccess(v -> published.increment(seqs.size()))
      .mapEmpty();
  }

  /** Lets the batch in flight finish (bounded), then closes the producer, gives up the lock, closes the pool. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(pruneTimer);
    return inFlight.timeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS)
      .transform(done -> publisher.close())
      .transform(closed -> lease.close())
      .transform(released -> pg.close());
  }
}
