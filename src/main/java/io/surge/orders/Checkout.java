package io.surge.orders;

import io.surge.cart.Carts;
import io.surge.catalog.CatalogChanges;
import io.surge.catalog.Stock;
import io.surge.db.ConstraintViolation;
import io.surge.db.PipelinedTransaction;
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
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a customer's cart into an order in one PostgreSQL transaction: re-price every line from the
 * catalog, check the customer's limits (units of a SKU per order, orders and units awaiting payment,
 * lifetime purchase limits), write the order, its lines, a history row ({@link OrderLedger}) and the
 * {@code order.created} outbox event, and reserve the stock ({@link Stock#reserve}: conditional, in
 * SKU-id order, so concurrent checkouts cannot deadlock). Any SKU short: 409 naming each SKU and what
 * is available, and the rollback leaves nothing reserved.
 *
 * <p>Fast under load because nothing waits that need not: the transaction is two round trips to PostgreSQL
 * ({@link PipelinedTransaction}: BEGIN with the customer's lock and the SKU read; then every write with the
 * COMMIT behind it). The order id, deadline and answer are chosen here, so the writes need no answer before
 * the next goes out, and the stock is reserved last, so a busy SKU's row is locked only while PostgreSQL runs
 * the reservation and the COMMIT, never across a round trip. The order records its cart's identity (unique),
 * so one cart becomes at most one order.
 */
final class Checkout {

  private final Vertx vertx;
  private final Pool pool;
  private final Carts carts;
  private final Stock stock;
  private final OrderSettings settings;
  private final AmountLimits amountLimits;

  Checkout(Vertx vertx, Pool pool, Carts carts, CatalogChanges catalog, OrderSettings orders,
    AmountLimits amountLimits) {
    this.amountLimits = amountLimits;
    OrderMeters.register();
    this.vertx = vertx;
    this.pool = pool;
    this.carts = carts;
    this.stock = new Stock(catalog);
    this.settings = orders;
  }

  /**
   * What was committed: the order as the API shows it (built from what was written, so answering the
   * checkout costs no read), and the products whose availability changed.
   */
  record Placed(JsonObject order, List<Stock.Moved> moved) {
  }

  /** The checkout's Idempotency-Key, looked up and written in the order's own transaction. */
  interface Answer {

    /** Sent right behind the customer's lock: fails when the key was answered before, and nothing is written. */
    Future<Void> unanswered(SqlConnection tx);

    /** Writes the answer to the checkout, for replays of its key. */
    Future<Void> record(SqlConnection tx, JsonObject order);
  }

  Future<Placed> place(UUID userId, JsonObject shippingAddress, Answer answer) {
    return carts.forCheckout(userId.toString()).compose(cart -> {
      if (cart.lines().isEmpty()) {
        return Future.failedFuture(ApiException.conflict(OrderErrors.CART_EMPTY, "The cart is empty."));
      }
      TreeMap<UUID, Integer> quantities = new TreeMap<>();
      cart.lines().forEach(line -> quantities.merge(line.skuId(), line.quantity(), Integer::sum));
      // Pipelined behind BEGIN: the key and the SKUs are read once the customer's lock is held (same connection, in
      // order), so a replay of a checkout of this customer's sees its answer.
      return PipelinedTransaction.<Placed>run(pool, OrderSql.beginCheckout(userId), (tx, sent) -> {
        Future<Void> unanswered = answer.unanswered(tx);
        Future<RowSet<Row>> skuRead = tx.preparedQuery(OrderSql.CHECKOUT_SKUS)
          .execute(Tuple.of(quantities.keySet().toArray(UUID[]::new), userId));
        return unanswered.compose(free -> skuRead).compose(read -> {
          Map<UUID, Row> skus = new HashMap<>();
          read.forEach(row -> skus.put(row.getUUID("id"), row));
          checkSellable(quantities, skus);
          checkLimits(quantities, skus);
          checkPayable(quantities, skus);
          return checkPurchaseLimits(tx, userId, quantities, skus)
            .map(ok -> write(tx, sent, userId, cart.cartId(), shippingAddress, quantities, skus, answer));
        });
      }).recover(failure -> cartAlreadyOrdered(failure, userId)).recover(failure -> shortages(failure, quantities));
    }).onComplete(OrderMeters::checkout).onSuccess(placed -> {
      carts.clear(userId.toString());
      stock.announce(placed.moved());
      OrdersBus.customerOrdersChanged(vertx, userId.toString());
      Outbox.nudge(vertx);
    });
  }

  /**
   * The cart's identity is on an order already: a concurrent checkout won, or an earlier one committed
   * and did not get to clear the cart. Either way the cart is done.
   */
  private Future<Placed> cartAlreadyOrdered(Throwable failure, UUID userId) {
    return ConstraintViolation.answer(failure, violation -> {
      if (!"orders_cart_idx".equals(violation.constraint())) {
        return null;
      }
      carts.clear(userId.toString());
      return ApiException.conflict(OrderErrors.CART_ALREADY_ORDERED,
        "This cart has already become an order; see your orders.");
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

  /**
   * The shop's limits against hoarding: nobody may take a SKU's stock out of sale with orders they do
   * not pay for (they hold it until the payment deadline). Per SKU per order, then what awaits payment.
   */
  private void checkLimits(Map<UUID, Integer> quantities, Map<UUID, Row> skus) {
    List<FieldError> tooMany = new ArrayList<>();
    quantities.forEach((skuId, quantity) -> {
      if (quantity > settings.maxUnitsPerSku()) {
        tooMany.add(new FieldError("sku:" + skus.get(skuId).getString("code"), OrderErrors.TOO_MANY_UNITS,
          "At most " + settings.maxUnitsPerSku() + " of one item per order; the cart has " + quantity + "."));
      }
    });
    if (!tooMany.isEmpty()) {
      throw new ApiException(409, OrderErrors.TOO_MANY_UNITS, "Conflict",
        "Some items are in the cart more times than one order may hold.", tooMany, null);
    }
    Row any = skus.values().iterator().next();
    int units = quantities.values().stream().mapToInt(Integer::intValue).sum();
    if (any.getInteger("unpaid_orders") >= settings.maxUnpaidOrders()
      || any.getInteger("unpaid_units") + units > settings.maxUnpaidUnits()) {
      throw ApiException.conflict(OrderErrors.UNPAID_LIMIT, "You have " + any.getInteger("unpaid_orders")
        + " orders (" + any.getInteger("unpaid_units") + " items) awaiting payment; at most "
        + settings.maxUnpaidOrders() + " orders and " + settings.maxUnpaidUnits()
        + " items may await payment at once. Pay or cancel one first.");
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

  /**
   * The order, its lines, history and event, the answer to the checkout and the reservation, all sent at once and
   * not waited for, the reservation in the COMMIT's own message ({@link PipelinedTransaction.Sent#commitWith}). The
   * answer is the order as written ({@link OrderJson#placed}), so it needs no read. The reservation comes last and
   * fails on a short SKU, which rolls everything back; so the SKU rows stay locked only while PostgreSQL runs the
   * reservation and the COMMIT.
   */
  private Placed write(SqlConnection tx, PipelinedTransaction.Sent sent, UUID userId, UUID cartId,
    JsonObject address, TreeMap<UUID, Integer> quantities, Map<UUID, Row> skus, Answer answer) {
    String currency = null;
    List<OrderLedger.Line> orderLines = new ArrayList<>();
    JsonArray lines = new JsonArray();
    Map<UUID, UUID> products = new TreeMap<>();
    for (Map.Entry<UUID, Integer> entry : quantities.entrySet()) {
      Row sku = skus.get(entry.getKey());
      long unit = sku.getLong("current_amount");
      int quantity = entry.getValue();
      currency = sku.getString("currency");
      products.put(sku.getUUID("product_id"), entry.getKey());
      orderLines.add(
        new OrderLedger.Line(entry.getKey(), sku.getUUID("product_id"), sku.getString("code"), sku.getString("title"),
          sku.getJsonObject("options"), unit, quantity));
      lines.add(new JsonObject().put("sku_id", entry.getKey().toString()).put("sku_code", sku.getString("code"))
        .put("quantity", quantity).put("unit_amount", unit));
    }
    OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(settings.paymentWindowMinutes())
      .truncatedTo(ChronoUnit.MICROS);
    OrderLedger.NewOrder order = new OrderLedger.NewOrder(UUID.randomUUID(), userId, cartId, currency, address,
      deadline, orderLines);
    JsonObject placed = OrderJson.placed(order, skus.values().iterator().next().getOffsetDateTime("now"));
    sent.add(OrderLedger.insert(tx, order));
    sent.add(Outbox.append(tx, settings.topic(), "order", order.id(), "order.created", 1,
      new JsonObject().put("order_id", order.id().toString()).put("user_id", userId.toString())
        .put("total", new Money(order.total(), currency).toJson()).put("lines", lines)
        .put("payment_deadline", JsonTime.time(deadline))));
    sent.add(answer.record(tx, placed));
    sent.commitWith(Stock.reservation(quantities));
    return new Placed(placed, Stock.moved(products));
  }

  /** The reservation found SKUs short, and the transaction rolled back: each is reported with what is available. */
  private Future<Placed> shortages(Throwable failure, Map<UUID, Integer> quantities) {
    if (!(Stock.shortage(failure) instanceof Stock.Shortage shortage)) {
      return Future.failedFuture(failure);
    }
    return pool.preparedQuery(OrderSql.AVAILABILITY).execute(Tuple.of(shortage.skuIds().toArray(UUID[]::new)))
      .compose(rows -> {
        List<FieldError> shortages = new ArrayList<>();
        rows.forEach(row -> shortages.add(new FieldError("sku:" + row.getString("code"), "insufficient_stock",
          "Requested " + quantities.get(row.getUUID("id")) + ", available "
            + Math.max(0, row.getInteger("available")) + ".")));
        return Future.failedFuture(new ApiException(409, OrderErrors.INSUFFICIENT_STOCK, "Conflict",
          "Not enough stock for some items; nothing was reserved.", shortages, null));
      });
  }
}
