package io.surge.orders;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.surge.observability.Meters;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes out the flash-sale orders that a sale's batches made due ({@link OrderLedger#addDueFlashSaleOrders}): the
 * purchase was durable when the buyer heard 202, and here, off the sale's hot path, it becomes the order with its
 * line, history and event, within a second or two. One per process, in the orders verticle. The flash-sale writer
 * tells it of each due row it committed (one per batch, {@link OrdersBus#ordersDue}); whatever it never hears of (a
 * restart, another instance that died) a sweep finds once it is {@link #SWEEP_AGE_SECONDS} old. Group commit: one
 * transaction in flight (the sale's writer keeps two, as its 202s wait on it; nobody waits on this), and what
 * arrives meanwhile goes in the next, so the busier the sale the fewer transactions per order. Several instances may
 * run this: each due row is written out by whoever locks it first.
 *
 * <p>A buyer may read or pay for the order before it is written out: {@link #writeNow} writes it out first, and
 * {@link #writeNowForBuyer} all of a buyer's before their list, export or erasure.
 */
public final class DueOrders {

  private static final Logger LOG = LoggerFactory.getLogger(DueOrders.class);
  /** Due rows per transaction: each holds one sale batch's orders (up to the sale writer's batch size, ~20-250). */
  private static final int BATCH = 32;
  private static final int SWEEP_LIMIT = 1000;
  /**
   * How long the first order told of waits for company before a transaction writes them out. At a sale's peak the
   * 202s and this writer share the CPU: writing every few hundred milliseconds, in big batches, costs fewer statements
   * and commits per order, and leaves the first burst of a crowd's purchases alone, well within the 2 s bound.
   */
  private static final long LINGER_MS = 500;
  private static final long SWEEP_MS = 1000;
  /** Older than this and still due: nobody told this process, or the process told has gone. */
  private static final int SWEEP_AGE_SECONDS = 2;
  private static final Timer LAG = Timer.builder("surge.orders.due.lag")
    .description("From a flash-sale purchase's 202 (its due row) to its order being written out")
    .register(Meters.registry());
  /** Seconds behind: the oldest due order the last sweep found (0 when none was older than the sweep's age). */
  private static final AtomicLong BEHIND_MILLIS = new AtomicLong();

  static {
    Gauge.builder("surge.orders.due.behind", BEHIND_MILLIS, millis -> millis.get() / 1000.0)
      .description("Age of the oldest flash-sale order the last sweep found still due, older than "
        + SWEEP_AGE_SECONDS + " s (0: none)")
      .baseUnit("seconds").register(Meters.registry());
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Set<UUID> queue = new LinkedHashSet<>();
  private boolean writing;
  private boolean timerSet;
  /** When the oldest due row in the queue was queued (System.nanoTime); the linger counts from it. */
  private long queuedSince;
  private boolean sweeping;

  DueOrders(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Listens for orders made due in this process, and sweeps for the rest. */
  Future<Void> start() {
    vertx.setPeriodic(0, SWEEP_MS, id -> sweep());
    return vertx.eventBus().<String>localConsumer(OrdersBus.ORDERS_DUE, message -> {
      enqueue(UUID.fromString(message.body()));
      writeSoon();
    }).completion();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    pool.preparedQuery(OrderSql.OLD_DUE).execute(Tuple.of(SWEEP_AGE_SECONDS, SWEEP_LIMIT))
      .onSuccess(rows -> {
        OffsetDateTime oldest = null;
        for (Row row : rows) {
          enqueue(row.getUUID("id"));
          OffsetDateTime due = row.getOffsetDateTime("due_at");
          oldest = oldest == null || due.isBefore(oldest) ? due : oldest;
        }
        BEHIND_MILLIS.set(oldest == null ? 0 : Duration.between(oldest, OffsetDateTime.now()).toMillis());
        if (rows.size() > 0) {
          writeOut(); // already late: no lingering (and nothing found, the queue keeps its linger)
        }
      })
      .onFailure(e -> LOG.warn("Could not look for due orders; will retry", e))
      .onComplete(ar -> sweeping = false);
  }

  /**
   * A full batch, or one whose oldest due row has waited {@link #LINGER_MS}, goes now (once the transaction in flight,
   * if any, is done); less waits for the rest of that time.
   */
  private void writeSoon() {
    if (queue.isEmpty() || writing || timerSet) {
      return;
    }
    long waited = (System.nanoTime() - queuedSince) / 1_000_000;
    if (queue.size() >= BATCH || waited >= LINGER_MS) {
      writeOut();
    } else {
      timerSet = true;
      vertx.setTimer(LINGER_MS - waited, id -> {
        timerSet = false;
        writeOut();
      });
    }
  }

  private void enqueue(UUID orderId) {
    if (queue.isEmpty()) {
      queuedSince = System.nanoTime();
    }
    queue.add(orderId);
  }

  private void writeOut() {
    if (writing || queue.isEmpty()) {
      return;
    }
    List<UUID> batch = new ArrayList<>(Math.min(queue.size(), BATCH));
    for (Iterator<UUID> it = queue.iterator(); it.hasNext() && batch.size() < BATCH;) {
      batch.add(it.next());
      it.remove();
    }
    queuedSince = System.nanoTime(); // what is left arrived since; close enough for a linger
    writing = true;
    pool.withTransaction(tx -> OrderLedger.writeDue(tx, batch.toArray(UUID[]::new)))
      .onSuccess(orders -> written(vertx, orders))
      // the due rows stay: the sweep finds them again
      .onFailure(e -> LOG.warn("Could not write out {} due orders; the sweep retries", batch.size(), e))
      .onComplete(ar -> {
        writing = false;
        writeSoon();
      });
  }

  /** After the commit: the lag meter, and the relay told of the new events. */
  private static boolean written(Vertx vertx, List<Row> orders) {
    OffsetDateTime now = OffsetDateTime.now();
    orders.forEach(row -> LAG.record(Duration.between(row.getOffsetDateTime("due_at"), now)));
    if (!orders.isEmpty()) {
      Outbox.nudge(vertx);
    }
    return !orders.isEmpty();
  }

  /**
   * Writes out this order now if it is still due (a buyer reading or paying right after the 202), waiting for a
   * writer that has it in hand; afterwards the order is there if it was ever accepted. Yields whether this call wrote
   * it. Any domain may call it before reading an order it did not find.
   */
  public static Future<Boolean> writeNow(Vertx vertx, Pool pool, UUID orderId) {
    return pool.withTransaction(tx -> OrderLedger.writeDueOrder(tx, orderId))
      .map(orders -> written(vertx, orders));
  }

  /**
   * {@code read} (any domain's read of this order); when it finds nothing and the order was still due, the order is
   * written out and read again. A miss costs one look at the due table; a hit nothing more.
   */
  public static Future<RowSet<Row>> readWrittenOut(Vertx vertx, Pool pool, UUID orderId,
    Supplier<Future<RowSet<Row>>> read) {
    return read.get().compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows)
      : writeNow(vertx, pool, orderId).compose(written -> written ? read.get() : Future.succeededFuture(rows)));
  }

  /**
   * Writes out every order of this buyer still due, waiting for a writer that has one in hand: afterwards each order
   * the buyer was answered 202 for is in {@code orders}. One cheap look at the (small) due table when none is, which
   * is nearly always. Yields whether this call wrote any.
   */
  static Future<Boolean> writeNowForBuyer(Vertx vertx, Pool pool, UUID userId) {
    return pool.preparedQuery(OrderSql.BUYER_HAS_DUE).execute(Tuple.of(userId))
      .compose(rows -> !rows.iterator().next().getBoolean("due") ? Future.succeededFuture(false)
        : pool.withTransaction(tx -> OrderLedger.writeDueForBuyer(tx, userId)).map(orders -> written(vertx, orders)));
  }
}
