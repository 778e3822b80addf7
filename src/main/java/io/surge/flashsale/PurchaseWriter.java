package io.surge.flashsale;

import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Makes accepted reservations durable before anyone hears "202": they are queued and written in
 * batches (one transaction per batch, flushed when full or after a short linger), each as a
 * pending-payment order with its line, history, purchase row and outbox event. Inside the transaction
 * PostgreSQL re-checks what Redis decided (key already used, per-user limit, units left), so even a
 * gate that lost its memory cannot oversell. One writer per event loop, so no locking is needed.
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

  private final Vertx vertx;
  private final Pool pool;
  private final String topic;
  private final int batchSize;
  private final long lingerMillis;
  private List<Pending> queue = new ArrayList<>();
  private boolean timerSet;

  PurchaseWriter(Vertx vertx, Pool pool, String topic, int batchSize, long lingerMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.topic = topic;
    this.batchSize = batchSize;
    this.lingerMillis = lingerMillis;
  }

  Future<Written> write(Reservation reservation) {
    Promise<Written> promise = Promise.promise();
    queue.add(new Pending(reservation, promise));
    if (queue.size() >= batchSize) {
      flush();
    } else if (!timerSet) {
      timerSet = true;
      vertx.setTimer(lingerMillis, id -> flush());
    }
    return promise.future();
  }

  private void flush() {
    timerSet = false;
    if (queue.isEmpty()) {
      return;
    }
    List<Pending> batch = queue;
    queue = new ArrayList<>();
    List<Written> results = new ArrayList<>();
    pool.withTransaction(tx -> {
        Future<Void> chain = Future.succeededFuture();
        for (Pending pending : batch) {
          chain = chain.compose(v -> writeOne(tx, pending.reservation())).map(written -> {
            results.add(written);
            return null;
          });
        }
        return chain;
      })
      .onSuccess(v -> {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).promise().complete(results.get(i));
        }
        Outbox.nudge(vertx);
      })
      .onFailure(e -> batch.forEach(pending -> pending.promise().fail(e)));
  }

  private Future<Written> writeOne(SqlConnection tx, Reservation r) {
    UUID saleId = r.sale().id();
    return tx.preparedQuery(FlashSaleSql.EXISTING_PURCHASE).execute(Tuple.of(saleId, r.userId(), r.key())).compose(existing -> {
      if (existing.size() > 0) {
        Row row = existing.iterator().next();
        return Future.succeededFuture(new Written(Result.REPLAYED, row.getUUID("id"), row.getUUID("order_id")));
      }
      return tx.preparedQuery(FlashSaleSql.BOUGHT).execute(Tuple.of(saleId, r.userId())).compose(bought -> {
        if (bought.iterator().next().getInteger(0) + r.quantity() > r.sale().perUserLimit()) {
          return Future.succeededFuture(new Written(Result.OVER_LIMIT, null, null));
        }
        return tx.preparedQuery(FlashSaleSql.TAKE_UNITS).execute(Tuple.of(saleId, r.quantity())).compose(taken -> taken.size() == 0
          ? Future.succeededFuture(new Written(Result.SOLD_OUT, null, null))
          : insert(tx, r).map(new Written(Result.WRITTEN, r.purchaseId(), r.orderId())));
      });
    });
  }

  /** The order and its companions; sent together (pipelined on the connection), executed in order. */
  private Future<Void> insert(SqlConnection tx, Reservation r) {
    SaleInfo sale = r.sale();
    long total = sale.amount() * r.quantity();
    JsonObject event = new JsonObject().put("order_id", r.orderId().toString()).put("user_id", r.userId().toString())
      .put("source", "flash_sale").put("flash_sale_id", sale.id().toString())
      .put("total", new JsonObject().put("amount", total).put("currency", sale.currency()))
      .put("lines", new io.vertx.core.json.JsonArray().add(new JsonObject().put("sku_id", sale.skuId().toString())
        .put("sku_code", sale.skuCode()).put("quantity", r.quantity()).put("unit_amount", sale.amount())));
    return Future.all(
      tx.preparedQuery(FlashSaleSql.INSERT_ORDER).execute(Tuple.of(r.orderId(), r.userId(), sale.currency(), total,
        r.quantity(), sale.paymentWindowMinutes())),
      tx.preparedQuery(FlashSaleSql.INSERT_LINE).execute(Tuple.from(new Object[] {r.orderId(), sale.skuId(), sale.productId(),
        sale.skuCode(), sale.title(), sale.options(), sale.amount(), r.quantity(), total})),
      tx.preparedQuery(FlashSaleSql.INSERT_HISTORY).execute(Tuple.of(r.orderId(), r.userId())),
      tx.preparedQuery(FlashSaleSql.INSERT_PURCHASE).execute(Tuple.of(r.purchaseId(), sale.id(), r.userId(), r.key(),
        r.quantity(), r.orderId())),
      Outbox.append(tx, topic, "order", r.orderId(), "order.created", 1, event)).mapEmpty();
  }
}
