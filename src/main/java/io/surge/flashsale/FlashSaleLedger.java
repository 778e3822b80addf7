package io.surge.flashsale;

import io.surge.flashsale.FlashSaleBus.UnitsReturned;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The flash-sale side of an order that will never be paid: called by the orders domain inside its
 * cancel transaction, so the purchase expires and the sale's units come back in the same commit.
 * The gate in Redis is topped up after the commit (see {@link FlashSaleBus#UNITS_RETURNED}).
 */
public final class FlashSaleLedger {

  private FlashSaleLedger() {
  }

  /** Yields the units that go back when the order was a flash-sale purchase, else null. */
  public static Future<UnitsReturned> expire(SqlConnection tx, UUID orderId) {
    return tx.preparedQuery(FlashSaleSql.EXPIRE_PURCHASE).execute(Tuple.of(orderId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      var row = rows.iterator().next();
      UUID saleId = row.getUUID("sale_id");
      int quantity = row.getInteger("quantity");
      return tx.preparedQuery(FlashSaleSql.RETURN_UNITS).execute(Tuple.of(saleId, quantity))
        .map(v -> new UnitsReturned(saleId, row.getUUID("user_id"), quantity));
    });
  }
}
