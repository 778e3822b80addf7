package io.surge.orders;

import io.surge.cart.CartLine;
import io.surge.cart.Carts;
import io.surge.catalog.CatalogChanges;
import io.surge.http.ApiException;
import io.surge.http.FieldError;
import io.surge.outbox.Outbox;
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
 * catalog, check lifetime purchase limits, reserve stock SKU by SKU in SKU-id order with conditional
 * updates (never below zero; the fixed order means concurrent checkouts cannot deadlock), write the
 * order, its lines, a history row and the {@code order.created} outbox event. Any SKU short: 409
 * naming each SKU and what is available, and the rollback leaves nothing reserved.
 */
final class Checkout {

  private final Vertx vertx;
  private final Pool pool;
  private final Carts carts;
  private final CatalogChanges catalog;
  private final String topic;
  private final int paymentWindowMinutes;

  Checkout(Vertx vertx, Pool pool, Carts carts, CatalogChanges catalog, OrderSettings orders) {
    this.vertx = vertx;
    this.pool = pool;
    this.carts = carts;
    this.catalog = catalog;
    this.topic = orders.topic();
    this.paymentWindowMinutes = orders.paymentWindowMinutes();
  }

  /** What was committed: the order row, its lines as JSON, and the products whose availability changed. */
  record Placed(Row order, JsonArray lines, Map<UUID, Integer> productVersions) {
  }

  Future<Placed> place(UUID userId, JsonObject shippingAddress) {
    return carts.lines(userId.toString()).compose(cart -> {
      if (cart.isEmpty()) {
        return Future.failedFuture(ApiException.conflict(OrderErrors.CART_EMPTY, "The cart is empty."));
      }
      TreeMap<UUID, Integer> quantities = new TreeMap<>();
      cart.forEach(line -> quantities.merge(line.skuId(), line.quantity(), Integer::sum));
      return pool.withTransaction(tx -> tx.preparedQuery(OrderSql.LOCK_CUSTOMER).execute(Tuple.of(userId.toString()))
        .compose(v -> tx.preparedQuery(OrderSql.CHECKOUT_SKUS).execute(Tuple.of(quantities.keySet().toArray(UUID[]::new))))
        .compose(rows -> {
          Map<UUID, Row> skus = new HashMap<>();
          rows.forEach(row -> skus.put(row.getUUID("id"), row));
          checkSellable(quantities, skus);
          return checkPurchaseLimits(tx, userId, quantities, skus)
            .compose(v -> reserve(tx, quantities))
            .compose(v -> insertOrder(tx, userId, shippingAddress, quantities, skus));
        }));
    }).onSuccess(placed -> {
      carts.clear(userId.toString());
      placed.productVersions().forEach((product, version) ->
        catalog.productChanged(CatalogChanges.INVENTORY_CHANGED, product, version, null));
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
        throw ApiException.conflict(OrderErrors.MIXED_CURRENCY, "The cart mixes currencies; check out one currency at a time.");
      }
      currency = sku.getString("currency");
    }
    if (!unavailable.isEmpty()) {
      throw new ApiException(409, OrderErrors.UNAVAILABLE, "Conflict", "Some items in the cart are no longer sold.", unavailable, null);
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
    return tx.preparedQuery(OrderSql.PURCHASED_BEFORE).execute(Tuple.of(userId).addArrayOfUUID(limits.keySet().toArray(UUID[]::new)))
      .compose(rows -> {
        Map<UUID, Long> before = new HashMap<>();
        rows.forEach(row -> before.put(row.getUUID("product_id"), row.getLong("quantity")));
        for (Map.Entry<UUID, Integer> entry : wanted.entrySet()) {
          long total = before.getOrDefault(entry.getKey(), 0L) + entry.getValue();
          int limit = limits.get(entry.getKey());
          if (total > limit) {
            return Future.failedFuture(ApiException.conflict(OrderErrors.PURCHASE_LIMIT_EXCEEDED, "Product " + entry.getKey()
              + " may be bought at most " + limit + " times per customer; you already have "
              + before.getOrDefault(entry.getKey(), 0L) + "."));
          }
        }
        return Future.succeededFuture();
      });
  }

  /** One conditional update per SKU, in SKU-id order; every short SKU is reported, then the transaction rolls back. */
  private static Future<Void> reserve(SqlConnection tx, TreeMap<UUID, Integer> quantities) {
    List<UUID> short_ = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, Integer> entry : quantities.entrySet()) {
      chain = chain.compose(v -> tx.preparedQuery(OrderSql.RESERVE).execute(Tuple.of(entry.getKey(), entry.getValue())))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            short_.add(entry.getKey());
          }
          return null;
        });
    }
    return chain.compose(v -> short_.isEmpty() ? Future.succeededFuture()
      : tx.preparedQuery(OrderSql.AVAILABILITY).execute(Tuple.of(short_.toArray(UUID[]::new))).compose(rows -> {
        List<FieldError> shortages = new ArrayList<>();
        rows.forEach(row -> shortages.add(new FieldError("sku:" + row.getString("code"), "insufficient_stock",
          "Requested " + quantities.get(row.getUUID("id")) + ", available " + Math.max(0, row.getInteger("available")) + ".")));
        return Future.failedFuture(new ApiException(409, OrderErrors.INSUFFICIENT_STOCK, "Conflict",
          "Not enough stock for some items; nothing was reserved.", shortages, null));
      }));
  }

  private Future<Placed> insertOrder(SqlConnection tx, UUID userId, JsonObject address, TreeMap<UUID, Integer> quantities,
                                     Map<UUID, Row> skus) {
    long subtotal = 0;
    int items = 0;
    String currency = null;
    List<Object[]> lineValues = new ArrayList<>();
    JsonArray lines = new JsonArray();
    int lineNo = 0;
    for (Map.Entry<UUID, Integer> entry : quantities.entrySet()) {
      Row sku = skus.get(entry.getKey());
      long unit = sku.getLong("current_amount");
      int quantity = entry.getValue();
      subtotal += unit * quantity;
      items += quantity;
      currency = sku.getString("currency");
      lineNo++;
      lineValues.add(new Object[] {null, lineNo, entry.getKey(), sku.getUUID("product_id"), sku.getString("code"),
        sku.getString("title"), sku.getJsonObject("options"), unit, quantity, unit * quantity});
      lines.add(new JsonObject().put("sku_id", entry.getKey().toString()).put("sku_code", sku.getString("code"))
        .put("quantity", quantity).put("unit_amount", unit));
    }
    long total = subtotal;
    int itemCount = items;
    String orderCurrency = currency;
    return tx.preparedQuery(OrderSql.INSERT_ORDER)
      .execute(Tuple.of(userId, orderCurrency, total, itemCount, address, paymentWindowMinutes))
      .compose(rows -> {
        Row order = rows.iterator().next();
        UUID orderId = order.getUUID("id");
        List<Tuple> lineParams = new ArrayList<>();
        for (Object[] values : lineValues) {
          values[0] = orderId;
          lineParams.add(Tuple.from(values));
        }
        return tx.preparedQuery(OrderSql.INSERT_LINE).executeBatch(lineParams)
          .compose(v -> tx.preparedQuery(OrderSql.INSERT_HISTORY)
            .execute(Tuple.of(orderId, null, "pending_payment", userId, "customer", "checkout")))
          .compose(v -> Outbox.append(tx, topic, "order", orderId, "order.created", order.getInteger("version"),
            new JsonObject().put("order_id", orderId.toString()).put("user_id", userId.toString())
              .put("total", OrderJson.money(total, orderCurrency)).put("lines", lines)
              .put("payment_deadline", OrderJson.time(order.getOffsetDateTime("payment_deadline")))))
          .compose(v -> touchProducts(tx, quantities, skus))
          .map(versions -> new Placed(order, lines, versions));
      });
  }

  /** Availability shows on product pages: bump each product's catalog version, in product order. */
  private static Future<Map<UUID, Integer>> touchProducts(SqlConnection tx, Map<UUID, Integer> quantities, Map<UUID, Row> skus) {
    TreeMap<UUID, Integer> versions = new TreeMap<>();
    quantities.keySet().forEach(sku -> versions.put(skus.get(sku).getUUID("product_id"), 0));
    Future<Void> chain = Future.succeededFuture();
    for (UUID product : versions.keySet()) {
      chain = chain.compose(v -> CatalogChanges.touchProduct(tx, product)).map(version -> {
        versions.put(product, version);
        return null;
      });
    }
    return chain.map(versions);
  }
}
