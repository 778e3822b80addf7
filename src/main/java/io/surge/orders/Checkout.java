package io.surge.orders;

import io.surge.cart.Carts;
import io.surge.catalog.CatalogChanges;
import io.surge.catalog.Stock;
import io.surge.http.ApiException;
import io.surge.http.FieldError;
import io.surge.outbox.Outbox;
import io.surge.shared.AmountLimits;
import io.surge.shared.JsonTime;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a customer's cart into an order in one PostgreSQL transaction: re-price every line from the
 * catalog, check lifetime purchase limits, reserve the stock ({@link Stock#reserve}: conditional, in
 * SKU-id order, so concurrent checkouts cannot deadlock), write the order, its lines, a history row
 * ({@link OrderLedger}) and the {@code order.created} outbox event. Any SKU short: 409 naming each SKU
 * and what is available, and the rollback leaves nothing reserved.
 */
final class Checkout {

  private final Vertx vertx;
  private final Pool pool;
  private final Carts carts;
  private final Stock stock;
  private final String topic;
  private final int paymentWindowMinutes;
  private final AmountLimits amountLimits;

  Checkout(Vertx vertx, Pool pool, Carts carts, CatalogChanges catalog, OrderSettings orders,
    AmountLimits amountLimits) {
    this.amountLimits = amountLimits;
    this.vertx = vertx;
    this.pool = pool;
    this.carts = carts;
    this.stock = new Stock(catalog);
    this.topic = orders.topic();
    this.paymentWindowMinutes = orders.paymentWindowMinutes();
  }

  /** What was committed: the order row, its lines as JSON, and the products whose availability changed. */
  record Placed(Row order, JsonArray lines, List<Stock.Moved> moved) {
  }

  Future<Placed> place(UUID userId, JsonObject shippingAddress) {
    return carts.lines(userId.toString()).compose(cart -> {
      if (cart.isEmpty()) {
        return Future.failedFuture(ApiException.conflict(OrderErrors.CART_EMPTY, "The cart is empty."));
      }
      TreeMap<UUID, Integer> quantities = new TreeMap<>();
      cart.forEach(line -> quantities.merge(line.skuId(), line.quantity(), Integer::sum));
      return pool.withTransaction(tx -> tx.preparedQuery(OrderSql.LOCK_CUSTOMER).execute(Tuple.of(userId.toString()))
        .compose(
          v -> tx.preparedQuery(OrderSql.CHECKOUT_SKUS).execute(Tuple.of(quantities.keySet().toArray(UUID[]::new))))
        .compose(rows -> {
          Map<UUID, Row> skus = new HashMap<>();
          rows.forEach(row -> skus.put(row.getUUID("id"), row));
          checkSellable(quantities, skus);
          checkPayable(quantities, skus);
          return checkPurchaseLimits(tx, userId, quantities, skus)
            .compose(v -> reserve(tx, quantities))
            .compose(moved -> insertOrder(tx, userId, shippingAddress, quantities, skus, moved));
        }));
    }).onSuccess(placed -> {
      carts.clear(userId.toString());
      stock.announce(placed.moved());
      Outbox.nudge(vertx);
    });
  }

  private static void checkSellable(Map<UUID, Integer> quantities, Map<UUID, Row> skus) {
    List<FieldError> unavailable = new ArrayList<>();
    String currency = null;
    for (UUID skuId : quantities.keySet()) {
      Row sku = skus.get(skuId);
      if (sku == null || !"active".equals(sku.getString("status")) || !"active".equals(sku.getString("product_status"))
        || sku.getLong("current_amount") == null) {
        unavailable.add(new FieldError("sku:" + (sku == null ? skuId : sku.getString("code")), "unavailable",
          "This item is no longer sold."));
        continue;
      }
      if (currency != null && !currency.equals(sku.getString("currency"))) {
        throw ApiException.conflict(OrderErrors.MIXED_CURRENCY,
          "The cart mixes currencies; check out one currency at a time.");
      }
      currency = sku.getString("currency");
    }
    if (!unavailable.isEmpty()) {
      throw new ApiException(409, OrderErrors.UNAVAILABLE, "Conflict", "Some items in the cart are no longer sold.",
        unavailable, null);
    }
  }

  /** A total the payment provider cannot charge (below its minimum, above its maximum) is refused now, not at payment. */
  private void checkPayable(Map<UUID, Integer> quantities, Map<UUID, Row> skus) {
    long total = 0;
    String currency = null;
    for (Map.Entry<UUID, Integer> line : quantities.entrySet()) {
      Row sku = skus.get(line.getKey());
      currency = sku.getString("currency");
      try {
        total = Math.addExact(total, Math.multiplyExact(sku.getLong("current_amount"), (long) line.getValue()));
      } catch (ArithmeticException e) {
        total = Long.MAX_VALUE;
        break;
      }
    }
    ApiException problem = amountLimits.problem(total, currency);
    if (problem != null) {
      throw problem;
    }
  }

  /** Products with a lifetime limit: what the customer bought before (not cancelled or refunded) plus this cart. */
  private static Future<Void> checkPurchaseLimits(SqlConnection tx, UUID userId, Map<UUID, Integer> quantities,
    Map<UUID, Row> skus) {
    Map<UUID, Integer> wanted = new HashMap<>();
    Map<UUID, Integer> limits = new HashMap<>();
    quantities.forEach((skuId, quantity) -> {
      Row sku = skus.get(skuId);
      Integer limit = sku.getInteger("purchase_limit");
      if (limit != null) {
        wanted.merge(sku.getUUID("product_id"), quantity, Integer::sum);
        limits.put(sku.getUUID("product_id"), limit);
      }
    });
    if (limits.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(OrderSql.PURCHASED_BEFORE)
      .execute(Tuple.of(userId).addArrayOfUUID(limits.keySet().toArray(UUID[]::new)))
      .compose(rows -> {
        Map<UUID, Long> before = new HashMap<>();
        rows.forEach(row -> before.put(row.getUUID("product_id"), row.getLong("quantity")));
        for (Map.Entry<UUID, Integer> entry : wanted.entrySet()) {
          long total = before.getOrDefault(entry.getKey(), 0L) + entry.getValue();
          int limit = limits.get(entry.getKey());
          if (total > limit) {
            return Future.failedFuture(ApiException.conflict(OrderErrors.PURCHASE_LIMIT_EXCEEDED,
              "Product " + entry.getKey()
                + " may be bought at most " + limit + " times per customer; you already have "
                + before.getOrDefault(entry.getKey(), 0L) + "."));
          }
        }
        return Future.succeededFuture();
      });
  }

  /** Every short SKU is reported, then the transaction rolls back. */
  private static Future<List<Stock.Moved>> reserve(SqlConnection tx, TreeMap<UUID, Integer> quantities) {
    return Stock.reserve(tx, quantities)
      .compose(reservation -> reservation.complete() ? Future.succeededFuture(reservation.moved())
        : tx.preparedQuery(OrderSql.AVAILABILITY).execute(Tuple.of(reservation.shortSkus().toArray(UUID[]::new)))
          .compose(rows -> {
            List<FieldError> shortages = new ArrayList<>();
            rows.forEach(row -> shortages.add(new FieldError("sku:" + row.getString("code"), "insufficient_stock",
              "Requested " + quantities.get(row.getUUID("id")) + ", available "
                + Math.max(0, row.getInteger("available")) + ".")));
            return Future.failedFuture(new ApiException(409, OrderErrors.INSUFFICIENT_STOCK, "Conflict",
              "Not enough stock for some items; nothing was reserved.", shortages, null));
          }));
  }

  private Future<Placed> insertOrder(SqlConnection tx, UUID userId, JsonObject address,
    TreeMap<UUID, Integer> quantities,
    Map<UUID, Row> skus, List<Stock.Moved> moved) {
    String currency = null;
    List<OrderLedger.Line> orderLines = new ArrayList<>();
    JsonArray lines = new JsonArray();
    for (Map.Entry<UUID, Integer> entry : quantities.entrySet()) {
      Row sku = skus.get(entry.getKey());
      long unit = sku.getLong("current_amount");
      int quantity = entry.getValue();
      currency = sku.getString("currency");
      orderLines.add(
        new OrderLedger.Line(entry.getKey(), sku.getUUID("product_id"), sku.getString("code"), sku.getString("title"),
          sku.getJsonObject("options"), unit, quantity));
      lines.add(new JsonObject().put("sku_id", entry.getKey().toString()).put("sku_code", sku.getString("code"))
        .put("quantity", quantity).put("unit_amount", unit));
    }
    String orderCurrency = currency;
    return OrderLedger.insert(tx, userId, orderCurrency, address, paymentWindowMinutes, orderLines)
      .compose(order -> {
        UUID orderId = order.getUUID("id");
        return Outbox.append(tx, topic, "order", orderId, "order.created", order.getInteger("version"),
          new JsonObject().put("order_id", orderId.toString()).put("user_id", userId.toString())
            .put("total", new Money(order.getLong("total_amount"), orderCurrency).toJson()).put("lines", lines)
            .put("payment_deadline", JsonTime.time(order.getOffsetDateTime("payment_deadline"))))
          .map(v -> new Placed(order, lines, moved));
      });
  }
}
