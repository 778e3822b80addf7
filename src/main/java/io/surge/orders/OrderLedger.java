package io.surge.orders;

import io.surge.outbox.Outbox;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only code that inserts orders, their lines and their history rows; it runs inside the caller's
 * transaction. Checkout writes one order at a time; a flash sale's batch adds its orders as due, and they are
 * written out a moment later ({@link #writeDue}, driven by {@link DueOrders}).
 */
public final class OrderLedger {

  private OrderLedger() {
  }

  /** One line of a new order; its number is its position, its amount unit times quantity. */
  record Line(UUID skuId, UUID productId, String skuCode, String title, JsonObject options, long unitAmount,
    int quantity) {
  }

  /**
   * What every order of a flash-sale batch has in common: one line, the sale's SKU at the sale price, the sale's
   * payment window, and the topic its events go to.
   */
  public record SaleLine(UUID saleId, UUID skuId, long unitAmount, String currency, int paymentWindowMinutes,
    String topic) {
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
   * A customer's pending-payment order with its lines and first history row, in one statement ({@link
   * OrderSql#INSERT_ORDER}). The id is the caller's, and the columns it does not give take their defaults, so the
   * statement can go out pipelined with the rest of the checkout's writes, and the caller knows the order without
   * reading it back ({@link OrderJson#placed}).
   */
  static Future<Void> insert(SqlConnection tx, NewOrder order) {
    int n = order.lines().size();
    UUID[] skuIds = new UUID[n];
    UUID[] productIds = new UUID[n];
    String[] skuCodes = new String[n];
    String[] titles = new String[n];
    JsonObject[] options = new JsonObject[n];
    Long[] unitAmounts = new Long[n];
    Integer[] quantities = new Integer[n];
    int itemCount = 0;
    for (int i = 0; i < n; i++) {
      Line line = order.lines().get(i);
      skuIds[i] = line.skuId();
      productIds[i] = line.productId();
      skuCodes[i] = line.skuCode();
      titles[i] = line.title();
      options[i] = line.options();
      unitAmounts[i] = line.unitAmount();
      quantities[i] = line.quantity();
      itemCount += line.quantity();
    }
    return tx.preparedQuery(OrderSql.INSERT_ORDER)
      .execute(Tuple.from(new Object[] {order.id(), order.userId(), order.currency(), order.total(), itemCount,
        order.shippingAddress(), order.paymentDeadline(), order.cartId(), skuIds, productIds, skuCodes, titles, options,
        unitAmounts, quantities, CHECKOUT_ACTOR, CHECKOUT_REASON}))
      .mapEmpty();
  }

  /**
   * A flash sale's batch of accepted orders, the arrays index-aligned (one entry per order): one due row for them
   * all, inside the flash-sale writer's transaction. This is the sale's hot path, so the orders themselves (row, line,
   * history, event) are written a moment later, off it, by {@link #writeDue}; the due row fixes everything the buyers
   * were promised (amount, payment deadline) now. {@code dueId} names the row, for {@link OrdersBus#ordersDue}.
   */
  public static Future<Void> addDueFlashSaleOrders(SqlConnection tx, UUID dueId, SaleLine sale, UUID[] orderIds,
    UUID[] userIds, Integer[] quantities) {
    return tx.preparedQuery(OrderSql.ADD_DUE)
      .execute(Tuple.of(dueId).addArrayOfUUID(orderIds).addArrayOfUUID(userIds).addArrayOfInteger(quantities)
        .addUUID(sale.saleId()).addUUID(sale.skuId()).addLong(sale.unitAmount()).addString(sale.currency())
        .addInteger(sale.paymentWindowMinutes()).addString(sale.topic()))
      .mapEmpty();
  }

  /** Writes out these due rows' orders ({@link OrderSql#WRITE_DUE_ROWS}); yields the orders written. */
  static Future<List<Row>> writeDue(SqlConnection tx, UUID[] dueIds) {
    return writeOut(tx, OrderSql.WRITE_DUE_ROWS, Tuple.of(dueIds));
  }

  /** Writes out this order if it is still due, with the rest of its batch ({@link OrderSql#WRITE_DUE_ORDER}). */
  static Future<List<Row>> writeDueOrder(SqlConnection tx, UUID orderId) {
    return writeOut(tx, OrderSql.WRITE_DUE_ORDER, Tuple.of(orderId));
  }

  /** Writes out every due row holding one of this buyer's orders ({@link OrderSql#WRITE_DUE_FOR_BUYER}). */
  static Future<List<Row>> writeDueForBuyer(SqlConnection tx, UUID userId) {
    return writeOut(tx, OrderSql.WRITE_DUE_FOR_BUYER, Tuple.of(userId));
  }

  /**
   * Due orders written out inside the caller's transaction: each becomes a pending-payment order with its line and
   * first history entry, dated when the buyer heard 202, and its {@code order.created} event; its due row goes in the
   * same statement, so each is written exactly once.
   */
  private static Future<List<Row>> writeOut(SqlConnection tx, String sql, Tuple params) {
    return tx.preparedQuery(sql).execute(params)
      .compose(rows -> {
        List<Row> written = new ArrayList<>(rows.size());
        rows.forEach(written::add);
        Map<String, List<Row>> byTopic = new HashMap<>();
        written.forEach(row -> byTopic.computeIfAbsent(row.getString("topic"), t -> new ArrayList<>()).add(row));
        List<Future<Void>> events = new ArrayList<>();
        byTopic.forEach((topic, orders) -> events.add(Outbox.appendAll(tx, topic, "order", "order.created", 1,
          orders.stream().map(row -> row.getUUID("order_id")).toList(),
          orders.stream().map(OrderLedger::flashSaleOrderCreated).toList())));
        return Future.all(events).map(written);
      });
  }

  /** The {@code order.created} event of a flash-sale order, from a {@link OrderSql#WRITE_DUE} row. */
  private static JsonObject flashSaleOrderCreated(Row row) {
    int quantity = row.getInteger("quantity");
    long unitAmount = row.getLong("unit_amount");
    return new JsonObject().put("order_id", row.getUUID("order_id").toString())
      .put("user_id", row.getUUID("user_id").toString())
      .put("source", "flash_sale").put("flash_sale_id", row.getUUID("flash_sale_id").toString())
      .put("total", new Money(unitAmount * quantity, row.getString("currency")).toJson())
      .put("lines", new JsonArray().add(new JsonObject().put("sku_id", row.getUUID("sku_id").toString())
        .put("sku_code", row.getString("sku_code")).put("quantity", quantity).put("unit_amount", unitAmount)));
  }

  /** A status change: {@code from} null for a new order; {@code actor} the lower-case {@link OrderTransitions.Actor}. */
  static Future<Void> recordHistory(SqlConnection tx, UUID orderId, String from, String to, UUID actorId, String actor,
    String reason) {
    return tx.preparedQuery(OrderSql.INSERT_HISTORY).execute(Tuple.of(orderId, from, to, actorId, actor, reason))
      .mapEmpty();
  }
}
