package io.surge.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The only code that inserts orders, their lines and their history rows; it runs inside the caller's
 * transaction. Checkout writes one order at a time, the flash-sale writer a whole batch at once.
 */
public final class OrderLedger {

  private OrderLedger() {
  }

  /** One line of a new order; its number is its position, its amount unit times quantity. */
  record Line(UUID skuId, UUID productId, String skuCode, String title, JsonObject options, long unitAmount,
    int quantity) {
  }

  /** What every order of a flash-sale batch has in common: one line, the sale's SKU at the sale price. */
  public record SaleLine(UUID skuId, UUID productId, String skuCode, String title, JsonObject options, long unitAmount,
    String currency, int paymentWindowMinutes) {
  }

  /** Who and why, in a checkout order's first history entry. */
  static final String CHECKOUT_ACTOR = "customer";
  static final String CHECKOUT_REASON = "checkout";

  /** A checkout's order: its id and payment deadline chosen by the caller, and the cart it came from. */
  record NewOrder(UUID id, UUID userId, UUID cartId, String currency, JsonObject shippingAddress,
    OffsetDateTime paymentDeadline, List<Line> lines) {

    long total() {
      return lines.stream().mapToLong(line -> line.unitAmount() * line.quantity()).sum();
    }
  }

  /**
   * A customer's pending-payment order with its lines and first history row; yields the order row. The
   * id is the caller's, so the three inserts go at once (pipelined): no round trip waits for another.
   */
  static Future<Row> insert(SqlConnection tx, NewOrder order) {
    int itemCount = order.lines().stream().mapToInt(Line::quantity).sum();
    List<Tuple> lineParams = new ArrayList<>(order.lines().size());
    for (int i = 0; i < order.lines().size(); i++) {
      Line line = order.lines().get(i);
      lineParams.add(Tuple.from(new Object[] {order.id(), i + 1, line.skuId(), line.productId(), line.skuCode(),
        line.title(), line.options(), line.unitAmount(), line.quantity(), line.unitAmount() * line.quantity()}));
    }
    Future<Row> inserted = tx.preparedQuery(OrderSql.INSERT_ORDER)
      .execute(Tuple.from(new Object[] {order.id(), order.userId(), order.currency(), order.total(), itemCount,
        order.shippingAddress(), order.paymentDeadline(), order.cartId()}))
      .map(rows -> rows.iterator().next());
    return Future.all(inserted, tx.preparedQuery(OrderSql.INSERT_LINE).executeBatch(lineParams),
      recordHistory(tx, order.id(), null, OrderStatus.PENDING_PAYMENT.db(), order.userId(), CHECKOUT_ACTOR,
        CHECKOUT_REASON))
      .map(all -> inserted.result());
  }

  /**
   * A flash sale's batch of pending-payment orders, the arrays index-aligned (one entry per order). One
   * statement per table, sent at once (pipelined) whatever the batch size: this is the sale's hot path.
   */
  public static Future<Void> insertFlashSaleOrders(SqlConnection tx, SaleLine line, UUID[] orderIds, UUID[] userIds,
    Integer[] quantities) {
    Long[] totals = new Long[quantities.length];
    for (int i = 0; i < quantities.length; i++) {
      totals[i] = line.unitAmount() * quantities[i];
    }
    return Future.all(
      tx.preparedQuery(OrderSql.INSERT_SALE_ORDERS)
        .execute(Tuple.tuple().addArrayOfUUID(orderIds).addArrayOfUUID(userIds)
          .addArrayOfLong(totals).addArrayOfInteger(quantities).addString(line.currency())
          .addInteger(line.paymentWindowMinutes())),
      tx.preparedQuery(OrderSql.INSERT_SALE_LINES).execute(Tuple.tuple().addArrayOfUUID(orderIds).addUUID(line.skuId())
        .addUUID(line.productId()).addString(line.skuCode()).addString(line.title()).addJsonObject(line.options())
        .addLong(line.unitAmount()).addArrayOfInteger(quantities).addArrayOfLong(totals)),
      tx.preparedQuery(OrderSql.INSERT_SALE_HISTORY)
        .execute(Tuple.tuple().addArrayOfUUID(orderIds).addArrayOfUUID(userIds)))
      .mapEmpty();
  }

  /** A status change: {@code from} null for a new order; {@code actor} the lower-case {@link OrderTransitions.Actor}. */
  static Future<Void> recordHistory(SqlConnection tx, UUID orderId, String from, String to, UUID actorId, String actor,
    String reason) {
    return tx.preparedQuery(OrderSql.INSERT_HISTORY).execute(Tuple.of(orderId, from, to, actorId, actor, reason))
      .mapEmpty();
  }
}
