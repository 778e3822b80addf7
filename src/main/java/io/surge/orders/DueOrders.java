package io.surge.orders;

import io.micrometer.core.instrument.Timer;
import io.surge.observability.Meters;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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

/**
 * Writes out the flash-sale orders that a sale's batches made due ({@link OrderLedger#addDueFlashSaleOrders}): the
 * purchase was durable when the buyer heard 202, and here, off the sale's hot path, it becomes the order with its
 * line, history and event, within a second or two. One per process, in the orders verticle. The flash-sale writer
 * tells it which orders it made due ({@link OrdersBus#ordersDue}); whatever it never hears of (a restart, another
 * instance that died) a sweep finds once it is {@link #SWEEP_AGE_SECONDS} old. Group commit, like the sale's writer:
 * one transaction in flight, and what arrives meanwhile goes in the next, so the busier the sale the fewer
 * transactions per order. Several instances may run this: each due row is written out by whoever locks it first.
 *
 * <p>A buyer may read or pay for the order before it is written out: {@link #writeNow} writes it out first.
 */
public final class DueOrders {

  private static final Logger LOG = LoggerFactory.getLogger(DueOrders.class);
  private static final int BATCH = 1000;
  private static final long SWEEP_MS = 1000;
  /** Older than this and still due: nobody told this process, or the process told has gone. */
  private static final int SWEEP_AGE_SECONDS = 2;
  private static final Timer LAG = Timer.builder("surge.orders.due.lag")
    .description("From a flash-sale purchase's 202 (its due row) to its order being written out")
    .register(Meters.registry());

  private final Vertx vertx;
  private final Pool pool;
  private Set<UUID> queue = new LinkedHashSet<>();
  private boolean writing;
  private boolean sweeping;

  DueOrders(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Listens for orders made due in this process, and sweeps for the rest. */
  Future<Void> start() {
    vertx.setPeriodic(0, SWEEP_MS, id -> sweep());
    return vertx.eventBus().<JsonArray>localConsumer(OrdersBus.ORDERS_DUE, message -> {
      message.body().forEach(id -> queue.add(UUID.fromString((String) id)));
      writeOut();
    }).completion();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    pool.preparedQuery(OrderSql.OLD_DUE).execute(Tuple.of(SWEEP_AGE_SECONDS, BATCH))
      .onSuccess(rows -> {
        rows.forEach(row -> queue.add(row.getUUID("order_id")));
        writeOut();
      })
      .onFailure(e -> LOG.warn("Could not look for due orders; will retry", e))
      .onComplete(ar -> sweeping = false);
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
    writing = true;
    pool.withTransaction(tx -> OrderLedger.writeDue(tx, batch.toArray(UUID[]::new), true))
      .onSuccess(orders -> written(vertx, orders))
      // the due rows stay: the sweep finds them again
      .onFailure(e -> LOG.warn("Could not write out {} due orders; the sweep retries", batch.size(), e))
      .onComplete(ar -> {
        writing = false;
        writeOut();
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
    return pool.withTransaction(tx -> OrderLedger.writeDue(tx, new UUID[] {orderId}, false))
      .map(orders -> written(vertx, orders));
  }
}
