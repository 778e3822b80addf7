package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The flash-sale side of an order that will never be paid: called by the orders domain inside its
 * cancel transaction, so the purchase expires and the sale's units come back in the same commit.
 * The gate in Redis is topped up after the commit (see {@link FlashSaleVerticle#UNITS_RETURNED}).
 */
public final class FlashSaleLedger {

  private FlashSaleLedger() {
  }

  /** Yields {@code {"sale_id", "user_id", "quantity"}} when the order was a flash-sale purchase, else null. */
  public static Future<JsonObject> expire(SqlConnection tx, UUID orderId) {
    return tx.preparedQuery(FlashSaleSql.EXPIRE_PURCHASE).execute(Tuple.of(orderId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      var row = rows.iterator().next();
      UUID saleId = row.getUUID("sale_id");
      int quantity = row.getInteger("quantity");
      return tx.preparedQuery(FlashSaleSql.RETURN_UNITS).execute(Tuple.of(saleId, quantity))
        .map(v -> new JsonObject().put("sale_id", saleId.toString()).put("user_id", row.getUUID("user_id").toString())
          .put("quantity", quantity));
    });
  }
}
