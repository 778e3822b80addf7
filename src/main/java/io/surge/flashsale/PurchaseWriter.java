package io.surge.flashsale;

import io.surge.db.PipelinedTransaction;
import io.surge.orders.OrderLedger;
import io.surge.orders.OrdersBus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Makes accepted reservations durable before anyone hears "202": they are queued and written in
 * batches, one transaction each, each reservation as its purchase row, and the batch's orders made due in one row
 * more (the orders domain writes each order, line, history and event out a second or two later, see {@link io.surge.orders.DueOrders}:
 * at the peak the 202 waits for the purchase, not for the whole order). Per sale, the batch
 * locks the sale row, then PostgreSQL re-decides what Redis decided (key already used, per-user
 * limit, units left) against committed truth, so even a gate that lost its memory cannot oversell.
 * A batch costs one statement when PostgreSQL agrees with the gate on all of it (nearly always), a handful when it
 * does not; never a handful per purchase. One writer per process ({@link SharedWriter});
 * the Kafka intake's consumer has its own.
 *
 * <p>Group commit: a writer has at most {@code inFlight} transactions in flight. What arrives while they all are
 * waits and goes in the next one, which starts the moment one commits; so the busier the sale, the bigger the
 * batches (up to {@code batchSize}), instead of many small transactions queuing on the sale's row lock.
 * When a slot is free, a purchase waits at most {@code lingerMillis} for company.
 *
 * <p>Why a second transaction in flight: with one, the next batch left only once the last one's commit had come back
 * to this event loop and every one of its 202s had been written, so PostgreSQL idled through the server's turn, and
 * on a busy box through the wait to be scheduled on both sides. A second batch sent while the first runs waits on
 * the sale's row lock inside PostgreSQL and starts the moment the first commits. Its checks read after the lock is
 * held, so it sees the first batch; the two lock their sales in the same (id) order, so they cannot deadlock.
 */
final class PurchaseWriter {

  /** What happened to a reservation once PostgreSQL saw it. */
  enum Result { WRITTEN, REPLAYED, SOLD_OUT, OVER_LIMIT }

  /** An accepted reservation waiting to be written. */
  record Reservation(UUID purchaseId, UUID orderId, SaleInfo sale, UUID userId, String key, int quantity) {
  }

  /** The outcome, with the purchase as PostgreSQL holds it (a replay names the earlier one). */
  record Written(Result result, UUID purchaseId, UUID orderId) {
  }

  private record Pending(Reservation reservation, Promise<Written> promise) {
  }

  /** A (buyer, key) already written: the batch then goes purchase by purchase, which answers it as a replay. */
  private static final String UNIQUE_VIOLATION = "23505";

  private final Vertx vertx;
  private final Pool pool;
  private final String topic;
  private final int batchSize;
  private final long lingerMillis;
  private final int inFlight;
  private final FlashSaleMeters meters = FlashSaleMeters.get();
  private List<Pending> queue = new ArrayList<>();
  private boolean timerSet;
  private int writing;

  PurchaseWriter(Vertx vertx, Pool pool, String topic, int batchSize, long lingerMillis, int inFlight) {
    this.vertx = vertx;
    this.pool = pool;
    this.topic = topic;
    this.batchSize = batchSize;
    this.lingerMillis = lingerMillis;
    if (inFlight < 1 || inFlight > 4) {
      throw new IllegalArgumentException("flashSales.writerInFlight must be 1 to 4, not " + inFlight);
    }
    this.inFlight = inFlight;
  }

  Future<Written> write(Reservation reservation) {
    Promise<Written> promise = Promise.promise();
    queue.add(new Pending(reservation, promise));
    meters.queued();
    if (writing >= inFlight) {
      return promise.future(); // goes in the next transaction, the moment one in flight commits
    }
    if (queue.size() >= batchSize) {
      flush();
    } else if (!timerSet) {
      timerSet = true;
      vertx.setTimer(lingerMillis, id -> {
        timerSet = false;
        flush();
      });
    }
    return promise.future();
  }

  /** Sends what waits, in batches, while a slot is free (a backlog past one batch fills every slot). */
  private void flush() {
    while (writing < inFlight && !queue.isEmpty()) {
      send();
    }
  }

  private void send() {
    List<Pending> batch;
    if (queue.size() <= batchSize) {
      batch = queue;
      queue = new ArrayList<>();
    } else {
      batch = new ArrayList<>(queue.subList(0, batchSize));
      queue = new ArrayList<>(queue.subList(batchSize, queue.size()));
    }
    writing++;
    transact(batch).onComplete(ar -> {
      writing--;
      meters.notWritten(batch.size());
      // the next batch goes out before this one's answers are written: PostgreSQL works on it meanwhile
      flush();
      if (ar.succeeded()) {
        batch.forEach(pending -> pending.promise().complete(ar.result().get(pending)));
      } else {
        batch.forEach(pending -> pending.promise().fail(ar.cause()));
      }
    });
  }

  /** Writes these reservations now, in one transaction, bypassing the queue (the Kafka intake's consumer). */
  Future<List<Written>> writeAll(List<Reservation> reservations) {
    List<Pending> batch = reservations.stream().map(r -> new Pending(r, null)).toList();
    return transact(batch).map(results -> batch.stream().map(results::get).toList());
  }

  /**
   * One round trip when PostgreSQL agrees with the gate on the whole batch ({@link #transactAtOnce}), else two
   * ({@link #transactDecided}).
   */
  private Future<Map<Pending, Written>> transact(List<Pending> batch) {
    if (!atOnce(batch)) {
      return transactDecided(batch);
    }
    return transactAtOnce(batch).recover(failure -> failure instanceof PgException pg
      && (FlashSaleSql.GUARD_DISAGREES.equals(pg.getSqlState()) || UNIQUE_VIOLATION.equals(pg.getSqlState()))
        ? transactDecided(batch) : Future.failedFuture(failure));
  }

  /** One sale, no (buyer, key) twice: the batch PostgreSQL should accept whole, as the gate did. */
  private static boolean atOnce(List<Pending> batch) {
    UUID sale = batch.get(0).reservation().sale().id();
    Set<PurchaseDecision.BuyerKey> keys = new HashSet<>();
    for (Pending pending : batch) {
      Reservation r = pending.reservation();
      if (!r.sale().id().equals(sale) || !keys.add(new PurchaseDecision.BuyerKey(r.userId(), r.key()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The batch in one statement, its own transaction ({@link FlashSaleSql#WRITE_BATCH}, V32's flash_write_batch): the
   * sale's lock, the check that PostgreSQL's decision ({@link PurchaseDecision}) would accept every purchase the gate
   * accepted, against what is committed, and every write. When the check fails (a gate rebuilt after a loss that
   * overstated the units or a buyer's holding) or a (buyer, key) was written already (the unique index), nothing is
   * written and {@link #transactDecided} decides the batch purchase by purchase. One message each way: before, the
   * same work was seven statements (BEGIN to COMMIT), each flushed and answered on its own, and on two busy cores each
   * of those writes and wake-ups cost more than the statement.
   */
  private Future<Map<Pending, Written>> transactAtOnce(List<Pending> batch) {
    SaleInfo sale = batch.get(0).reservation().sale();
    Rows rows = Rows.of(batch.stream().map(Pending::reservation).toList());
    Map<UUID, Integer> byBuyer = new HashMap<>();
    batch.forEach(p -> byBuyer.merge(p.reservation().userId(), p.reservation().quantity(), Integer::sum));
    UUID dueId = UUID.randomUUID();
    Tuple args = Tuple.of(sale.id())
      .addArrayOfUUID(rows.purchaseIds()).addArrayOfUUID(rows.userIds()).addArrayOfString(rows.keys())
      .addArrayOfInteger(rows.quantities()).addArrayOfUUID(rows.orderIds())
      .addArrayOfUUID(byBuyer.keySet().toArray(UUID[]::new)).addArrayOfInteger(byBuyer.values().toArray(Integer[]::new))
      .addInteger(sale.perUserLimit()).addUUID(dueId).addUUID(sale.skuId()).addLong(sale.amount())
      .addString(sale.currency()).addInteger(sale.paymentWindowMinutes()).addString(topic);
    long started = System.nanoTime();
    return pool.preparedQuery(FlashSaleSql.WRITE_BATCH).execute(args).map(v -> {
      meters.committed(batch.size(), System.nanoTime() - started, true);
      Map<Pending, Written> results = new HashMap<>();
      batch.forEach(p -> results.put(p, new Written(Result.WRITTEN, p.reservation().purchaseId(),
        p.reservation().orderId())));
      announce(List.of(dueId));
      return results;
    });
  }

  /**
   * The batch decided purchase by purchase, against what PostgreSQL has committed (the gate may have lost its memory),
   * in one transaction; per sale (in id order, so two writers never deadlock) a {@link #writeSale}. A {@link
   * PipelinedTransaction}: BEGIN goes out with the first sale's lock and reads, and COMMIT right behind the last
   * inserts, so a batch costs two round trips, not four; a statement that fails rolls the batch back, and the batch
   * fails with that statement's error.
   */
  private Future<Map<Pending, Written>> transactDecided(List<Pending> batch) {
    TreeMap<UUID, List<Pending>> bySale = new TreeMap<>();
    batch.forEach(
      pending -> bySale.computeIfAbsent(pending.reservation().sale().id(), id -> new ArrayList<>()).add(pending));
    Map<Pending, Written> results = new HashMap<>();
    List<UUID> due = new ArrayList<>(bySale.size());
    long started = System.nanoTime();
    return PipelinedTransaction.run(pool, (conn, sent) -> {
      Future<Void> chain = Future.succeededFuture();
      for (List<Pending> sale : bySale.values()) {
        chain = chain.compose(v -> writeSale(conn, sale, results, sent, due));
      }
      return chain;
    })
      .map(v -> {
        meters.committed(batch.size(), System.nanoTime() - started, false);
        announce(due);
        return results;
      });
  }

  /**
   * One sale's share of the batch: lock, read what is committed, decide each purchase in arrival order,
   * send the inserts (added to {@code sent}, not waited for). The lock and both reads go out together (pipelined,
   * executed in order: the reads run once the lock is held, so they see every batch committed before), and so do
   * the inserts.
   */
  private Future<Void> writeSale(SqlConnection tx, List<Pending> pendings, Map<Pending, Written> results,
    PipelinedTransaction.Sent sent, List<UUID> due) {
    SaleInfo sale = pendings.get(0).reservation().sale();
    UUID[] users = pendings.stream().map(p -> p.reservation().userId()).toArray(UUID[]::new);
    String[] keys = pendings.stream().map(p -> p.reservation().key()).toArray(String[]::new);
    Future<RowSet<Row>> locked = tx.preparedQuery(FlashSaleSql.LOCK_SALE).execute(Tuple.of(sale.id()));
    Future<RowSet<Row>> existing = tx.preparedQuery(FlashSaleSql.EXISTING_PURCHASES)
      .execute(Tuple.of(sale.id()).addArrayOfUUID(users).addArrayOfString(keys));
    Future<RowSet<Row>> bought = tx.preparedQuery(FlashSaleSql.BOUGHT_BY)
      .execute(Tuple.of(sale.id()).addArrayOfUUID(users));
    return Future.all(locked, existing, bought).map(read -> {
      int remaining = locked.result().size() == 0 ? 0 : locked.result().iterator().next().getInteger(0);
      List<Reservation> accepted = decide(pendings, remaining, existing.result(), bought.result(), results);
      insert(tx, sale, accepted, due).forEach(sent::add);
      return null;
    });
  }

  /** Committed rows to plain values, then {@link PurchaseDecision}; records each pending's outcome. */
  private static List<Reservation> decide(List<Pending> pendings, int remaining, RowSet<Row> existingRows,
    RowSet<Row> boughtRows, Map<Pending, Written> results) {
    Map<PurchaseDecision.BuyerKey, Written> earlier = new HashMap<>();
    existingRows.forEach(
      row -> earlier.put(new PurchaseDecision.BuyerKey(row.getUUID("user_id"), row.getString("idempotency_key")),
        new Written(Result.REPLAYED, row.getUUID("id"), row.getUUID("order_id"))));
    Map<UUID, Integer> bought = new HashMap<>();
    boughtRows.forEach(row -> bought.put(row.getUUID("user_id"), row.getInteger("quantity")));
    PurchaseDecision.Decided decided = PurchaseDecision.decide(remaining, earlier, bought,
      pendings.stream().map(Pending::reservation).toList());
    for (int i = 0; i < pendings.size(); i++) {
      results.put(pendings.get(i), decided.outcomes().get(i));
    }
    return decided.accepted();
  }

  /**
   * Every accepted purchase's rows: the sale's units, the purchase rows and one due row for all their orders (the
   * orders domain writes the orders themselves out a moment later, off this path: {@link io.surge.orders.DueOrders});
   * its id goes in {@code due}. One statement per table over arrays (unnest), pipelined, so a batch costs the same
   * handful of statement executions in PostgreSQL whatever its size.
   */
  private List<Future<?>> insert(SqlConnection tx, SaleInfo sale, List<Reservation> accepted, List<UUID> due) {
    if (accepted.isEmpty()) {
      return List.of();
    }
    Rows rows = Rows.of(accepted);
    UUID dueId = UUID.randomUUID();
    due.add(dueId);
    return List.of(
      tx.preparedQuery(FlashSaleSql.ADD_SOLD).execute(Tuple.of(sale.id(), rows.units())),
      tx.preparedQuery(FlashSaleSql.INSERT_PURCHASES)
        .execute(Tuple.tuple().addArrayOfUUID(rows.purchaseIds()).addUUID(sale.id()).addArrayOfUUID(rows.userIds())
          .addArrayOfString(rows.keys()).addArrayOfInteger(rows.quantities()).addArrayOfUUID(rows.orderIds())),
      OrderLedger.addDueFlashSaleOrders(tx, dueId, new OrderLedger.SaleLine(sale.id(), sale.skuId(), sale.amount(),
        sale.currency(), sale.paymentWindowMinutes(), topic), rows.orderIds(), rows.userIds(), rows.quantities()));
  }

  /** Accepted purchases as the index-aligned arrays the batch's statements take (unnest), one entry per purchase. */
  private record Rows(UUID[] purchaseIds, UUID[] orderIds, UUID[] userIds, String[] keys, Integer[] quantities,
    int units) {

    static Rows of(List<Reservation> accepted) {
      int n = accepted.size();
      Rows rows = new Rows(new UUID[n], new UUID[n], new UUID[n], new String[n], new Integer[n],
        accepted.stream().mapToInt(Reservation::quantity).sum());
      for (int i = 0; i < n; i++) {
        Reservation r = accepted.get(i);
        rows.purchaseIds[i] = r.purchaseId();
        rows.orderIds[i] = r.orderId();
        rows.userIds[i] = r.userId();
        rows.keys[i] = r.key();
        rows.quantities[i] = r.quantity();
      }
      return rows;
    }
  }

  /** After the commit: the orders domain writes the batch's orders out now, not at its next sweep. */
  private void announce(List<UUID> due) {
    due.forEach(dueId -> OrdersBus.ordersDue(vertx, dueId));
  }
}
