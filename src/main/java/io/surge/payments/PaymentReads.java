package io.surge.payments;

import io.surge.http.ApiException;
import io.vertx.core.Future;
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

  private final Pool pool;

  PaymentReads(Pool pool) {
    this.pool = pool;
  }

  Future<Row> row(UUID paymentId, UUID owner) {
    return pool.preparedQuery(PaymentSql.FIND).execute(Tuple.of(paymentId, owner)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The payment"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  Future<JsonObject> one(UUID paymentId, UUID owner, boolean payer) {
    return row(paymentId, owner).compose(row -> view(List.of(row), payer)).map(items -> items.getJsonObject(0));
  }

  Future<JsonObject> view(Row row, boolean payer) {
    return view(List.of(row), payer).map(items -> items.getJsonObject(0));
  }

  /** An order's payments, oldest attempt first; another customer's order is not found. */
  Future<JsonObject> ofOrder(UUID orderId, UUID owner, boolean payer) {
    return pool.preparedQuery(PaymentSql.ORDER).execute(Tuple.of(orderId, owner)).compose(order -> {
      if (order.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The order"));
      }
      return pool.preparedQuery(PaymentSql.OF_ORDER).execute(Tuple.of(orderId))
        .compose(rows -> view(list(rows), payer))
        .map(items -> new JsonObject().put("order_id", orderId.toString())
          .put("order_status", order.iterator().next().getString("status")).put("items", items));
    });
  }

  private Future<JsonArray> view(List<Row> payments, boolean payer) {
    UUID[] ids = payments.stream().map(row -> row.getUUID("id")).toArray(UUID[]::new);
    return pool.preparedQuery(PaymentSql.REFUNDS_OF).execute(Tuple.of((Object) ids)).map(refunds -> {
      List<Row> all = list(refunds);
      JsonArray items = new JsonArray();
      payments.forEach(payment -> items.add(PaymentJson.payment(payment, all, payer)));
      return items;
    });
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }
}
