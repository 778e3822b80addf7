package io.surge.orders;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Reads one order with its lines, history and return requests; scoped to an owner unless the reader is staff. */
final class OrderReads {

  private final Vertx vertx;
  private final Pool pool;

  OrderReads(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * {@code owner} null reads any order (admin); otherwise another customer's order is simply not found. A flash-sale
   * order still due (a buyer reading it right after the 202) is written out first.
   */
  Future<JsonObject> full(UUID orderId, UUID owner) {
    return full(orderId, owner, true);
  }

  private Future<JsonObject> full(UUID orderId, UUID owner, boolean mayBeDue) {
    return pool.preparedQuery(OrderSql.FIND_ORDER).execute(Tuple.of(orderId, owner)).compose(rows -> {
      if (rows.size() == 0) {
        return mayBeDue ? DueOrders.writeNow(vertx, pool, orderId).compose(v -> full(orderId, owner, false))
          : Future.failedFuture(ApiException.notFound("The order"));
      }
      Row order = rows.iterator().next();
      Future<RowSet<Row>> lines = pool.preparedQuery(OrderSql.LINES).execute(Tuple.of(orderId));
      Future<RowSet<Row>> history = pool.preparedQuery(OrderSql.HISTORY).execute(Tuple.of(orderId));
      Future<RowSet<Row>> returns = pool.preparedQuery(ReturnSql.OF_ORDER).execute(Tuple.of(orderId));
      return Future.all(lines, history, returns).map(done -> {
        JsonArray requests = new JsonArray();
        returns.result().forEach(row -> requests.add(ReturnJson.of(row)));
        return OrderJson.summary(order)
          .put("lines", OrderJson.lines(lines.result(), order.getString("currency")))
          .put("history", OrderJson.history(history.result()))
          .put("returns", requests);
      });
    });
  }
}
