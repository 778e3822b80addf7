package io.surge.payments;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Payments with their refunds, as their owner (or an admin, {@code owner} null) may see them. */
final class PaymentReads {

  private final Vertx vertx;
  private final Pool pool;
  private final String publishableKey;
  private final String paymentPageUrl;

  PaymentReads(Vertx vertx, Pool pool, String publishableKey, String paymentPageUrl) {
    this.vertx = vertx;
    this.pool = pool;
    this.publishableKey = publishableKey;
    this.paymentPageUrl = paymentPageUrl;
  }

  Future<Row> row(UUID paymentId, UUID owner) {
    return pool.preparedQuery(PaymentSql.FIND).execute(Tuple.of(paymentId, owner)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The payment"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  /** Who reads a payment: only its payer sees what pays it (the client secret, with the publishable key). */
  enum Reader {
    PAYER, STAFF;

    static Reader payerIf(boolean payer) {
      return payer ? PAYER : STAFF;
    }
  }

  Future<JsonObject> one(UUID paymentId, UUID owner, Reader reader) {
    return row(paymentId, owner).compose(row -> view(List.of(row), reader)).map(items -> items.getJsonObject(0));
  }

  Future<JsonObject> view(Row row, Reader reader) {
    return view(List.of(row), reader).map(items -> items.getJsonObject(0));
  }

  /** An order's payments, oldest attempt first; another customer's order is not found. */
  Future<JsonObject> ofOrder(UUID orderId, UUID owner, Reader reader) {
    return PaymentOrders.find(vertx, pool, orderId, owner).compose(order -> {
      if (order.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The order"));
      }
      return pool.preparedQuery(PaymentSql.OF_ORDER).execute(Tuple.of(orderId))
        .compose(rows -> view(list(rows), reader))
        .map(items -> new JsonObject().put("order_id", orderId.toString())
          .put("order_status", order.iterator().next().getString("status")).put("items", items));
    });
  }

  private Future<JsonArray> view(List<Row> payments, Reader reader) {
    UUID[] ids = payments.stream().map(row -> row.getUUID("id")).toArray(UUID[]::new);
    return pool.preparedQuery(PaymentSql.REFUNDS_OF).execute(Tuple.of((Object) ids)).map(refunds -> {
      List<Row> all = list(refunds);
      JsonArray items = new JsonArray();
      payments.forEach(payment -> items
        .add(PaymentJson.payment(payment, all, reader == Reader.PAYER, publishableKey, paymentPageUrl)));
      return items;
    });
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }
}
