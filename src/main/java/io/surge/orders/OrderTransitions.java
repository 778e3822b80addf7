package io.surge.orders;

import io.surge.catalog.CatalogChanges;
import io.surge.catalog.Stock;
import io.surge.flashsale.FlashSaleBus;
import io.surge.flashsale.FlashSaleBus.UnitsReturned;
import io.surge.flashsale.FlashSaleLedger;
import io.surge.http.ApiException;
import io.surge.orders.OrderStatus.Transition;
import io.surge.outbox.Outbox;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Moves an order from one state to the next, in one transaction: lock the order, check the move is
 * legal from its current state (else 409 naming the state), apply stock effects (a cancel releases
 * the reservation, a shipment takes the goods off the shelf), bump the version, record the history
 * row and write the outbox event. After the commit, catalog caches hear about the stock change.
 */
public final class OrderTransitions {

  /** Who asks for a change; stored in the history. */
  public enum Actor { CUSTOMER, ADMIN, SYSTEM, PAYMENTS }

  private static final Map<Transition, String> UPDATES = new EnumMap<>(Transition.class);

  static {
    for (Transition transition : Transition.values()) {
      String sql = "UPDATE orders SET status = $2, version = version + 1, updated_at = now()"
        + (transition.timestampColumn() == null ? "" : ", " + transition.timestampColumn() + " = now()")
        + (transition == Transition.SHIP ? ", carrier = $3, tracking_number = $4" : "")
        + " WHERE id = $1 RETURNING " + OrderSql.ORDER_COLUMNS;
      UPDATES.put(transition, sql);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Stock stock;
  private final String topic;

  OrderTransitions(Vertx vertx, Pool pool, CatalogChanges catalog, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.stock = new Stock(catalog);
    this.topic = topic;
  }

  /**
   * Applies the transition; {@code owner} non-null restricts it to that customer's order (404 for
   * anyone else's). {@code details} go into the event (and carrier/tracking_number into the row for SHIP).
   */
  Future<Row> apply(UUID orderId, UUID owner, Transition transition, Actor actor, UUID actorId, String reason,
    JsonObject details) {
    AfterCommit after = new AfterCommit();
    return pool.withTransaction(tx -> within(tx, orderId, owner, transition, actor, actorId, reason, details, after))
      .onSuccess(row -> announce(after));
  }

  /**
   * What a committed move still has to tell others: stock that moved, flash-sale units that came back, the
   * customers whose orders moved.
   */
  static final class AfterCommit {
    final List<Stock.Moved> moved = new ArrayList<>();
    final List<UnitsReturned> returned = new ArrayList<>();
    final List<Transition> made = new ArrayList<>();
    final Set<UUID> customers = new HashSet<>();
  }

  /** After the commit: catalog caches, the customers' caches in this process, the outbox relay, the flash sale. */
  void announce(AfterCommit after) {
    stock.announce(after.moved);
    after.made.forEach(OrderMeters::transition);
    after.customers.forEach(customer -> OrdersBus.customerOrdersChanged(vertx, customer.toString()));
    Outbox.nudge(vertx);
    after.returned.stream().filter(units -> units != null)
      .forEach(units -> vertx.eventBus().publish(FlashSaleBus.UNITS_RETURNED, units.toJson()));
  }

  /** {@link #apply} inside the caller's transaction (a return request moves its order with its own row). */
  Future<Row> within(SqlConnection tx, UUID orderId, UUID owner, Transition transition, Actor actor, UUID actorId,
    String reason, JsonObject details, AfterCommit after) {
    List<Stock.Moved> moved = after.moved;
    List<UnitsReturned> returned = after.returned;
    return lockOrder(tx, orderId, owner)
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiException.notFound("The order"));
        }
        Row order = rows.iterator().next();
        OrderStatus current = OrderStatus.of(order.getString("status"));
        if (!transition.allowedFrom(current)) {
          return Future.failedFuture(new ApiException(409, OrderErrors.ILLEGAL_TRANSITION, "Conflict",
            "The order is " + current.db() + "; it cannot become " + transition.to().db() + "."));
        }
        if (transition == Transition.SHIP && order.getJsonObject("shipping_address").isEmpty()) {
          return Future.failedFuture(ApiException.conflict(OrderErrors.SHIPPING_ADDRESS_MISSING,
            "The order has no shipping address yet; the customer gives one with PUT /api/v1/orders/" + orderId
              + "/shipping-address."));
        }
        boolean flashSale = "flash_sale".equals(order.getString("source"));
        Future<Void> effects = flashSale && transition == Transition.CANCEL
          ? FlashSaleLedger.expire(tx, orderId).map(units -> {
            returned.add(units);
            return null;
          })
          : stockEffects(tx, orderId, transition, details).map(stockMoved -> {
            moved.addAll(stockMoved);
            return null;
          });
        return effects
          .compose(v -> tx.preparedQuery(UPDATES.get(transition)).execute(updateParams(orderId, transition, details)))
          .compose(updated -> {
            Row row = updated.iterator().next();
            return OrderLedger.recordHistory(tx, orderId, current.db(), transition.to().db(), actorId,
              actor.name().toLowerCase(Locale.ROOT), reason)
              .compose(v -> Outbox.append(tx, topic, "order", orderId, transition.event(), row.getInteger("version"),
                event(row, current, reason, details)))
              .map(v -> {
                after.made.add(transition);
                after.customers.add(row.getUUID("user_id"));
                return row;
              });
          });
      });
  }

  /** The order's row, locked; a flash-sale order still due (paid right after its 202, say) is written out first. */
  private static Future<RowSet<Row>> lockOrder(SqlConnection tx, UUID orderId, UUID owner) {
    return tx.preparedQuery(OrderSql.LOCK_ORDER).execute(Tuple.of(orderId, owner))
      .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows)
        : OrderLedger.writeDueOrder(tx, orderId).compose(written -> written.isEmpty()
          ? Future.succeededFuture(rows)
          : tx.preparedQuery(OrderSql.LOCK_ORDER).execute(Tuple.of(orderId, owner))));
  }

  /**
   * The customer gives or corrects the address of an order that has not shipped; 404 for anyone else's
   * order, 409 once it has shipped or ended. Announced ({@code order.shipping_address_set}) like any change.
   */
  Future<Row> setShippingAddress(UUID orderId, UUID owner, JsonObject address) {
    return pool.withTransaction(tx -> lockOrder(tx, orderId, owner)
      .compose(locked -> tx.preparedQuery(OrderSql.SET_SHIPPING_ADDRESS).execute(Tuple.of(orderId, owner, address)))
      .compose(updated -> {
        if (updated.size() == 0) {
          return tx.preparedQuery(OrderSql.FIND_ORDER).execute(Tuple.of(orderId, owner))
            .compose(found -> Future.failedFuture(found.size() == 0 ? ApiException.notFound("The order")
              : new ApiException(409, OrderErrors.ILLEGAL_TRANSITION, "Conflict", "The order is "
                + found.iterator().next().getString("status") + "; its address can no longer change.")));
        }
        Row row = updated.iterator().next();
        return Outbox.append(tx, topic, "order", orderId, "order.shipping_address_set", row.getInteger("version"),
          new JsonObject().put("order_id", orderId.toString()).put("user_id", owner.toString())
            .put("shipping_address", address))
          .map(row);
      }))
      .onSuccess(row -> Outbox.nudge(vertx));
  }

  /**
   * A cancel gives the reserved units back; a shipment takes them off the shelf ({@link Stock}, which
   * locks in the same order as checkout's reservation, so the two cannot deadlock).
   */
  private Future<List<Stock.Moved>> stockEffects(SqlConnection tx, UUID orderId, Transition transition,
    JsonObject details) {
    if (transition == Transition.REFUND || transition == Transition.REFUND_PART) {
      return details != null && details.getBoolean("goods_returned", false) ? restock(tx, orderId)
        : Future.succeededFuture(List.of());
    }
    return transition == Transition.CANCEL ? stockLines(tx, orderId).compose(lines -> Stock.release(tx, lines))
      : transition == Transition.SHIP ? stockLines(tx, orderId).compose(lines -> Stock.ship(tx, lines))
        : Future.succeededFuture(List.of());
  }

  /**
   * Refunded goods the admin says came back: shipped ones go back on the shelf, unshipped ones leave their
   * reservation. Once per order, however many refunds say so.
   */
  private Future<List<Stock.Moved>> restock(SqlConnection tx, UUID orderId) {
    return tx.preparedQuery(OrderSql.MARK_RESTOCKED).execute(Tuple.of(orderId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(List.of());
      }
      boolean shipped = rows.iterator().next().getOffsetDateTime("shipped_at") != null;
      return stockLines(tx, orderId).compose(lines -> shipped ? Stock.restock(tx, lines) : Stock.release(tx, lines));
    });
  }

  /** The order's units per SKU. */
  private static Future<Map<UUID, Integer>> stockLines(SqlConnection tx, UUID orderId) {
    return tx.preparedQuery(OrderSql.STOCK_LINES).execute(Tuple.of(orderId)).map(rows -> {
      Map<UUID, Integer> quantities = new TreeMap<>();
      rows.forEach(row -> quantities.put(row.getUUID("sku_id"), row.getInteger("quantity")));
      return quantities;
    });
  }

  private static Tuple updateParams(UUID orderId, Transition transition, JsonObject details) {
    Tuple params = Tuple.of(orderId, transition.to().db());
    if (transition == Transition.SHIP) {
      params.addString(details.getString("carrier")).addString(details.getString("tracking_number"));
    }
    return params;
  }

  private static JsonObject event(Row order, OrderStatus from, String reason, JsonObject details) {
    JsonObject data = new JsonObject()
      .put("order_id", order.getUUID("id").toString())
      .put("user_id", order.getUUID("user_id").toString())
      .put("from", from.db())
      .put("to", order.getString("status"))
      .put("total", new Money(order.getLong("total_amount"), order.getString("currency")).toJson());
    if (reason != null) {
      data.put("reason", reason);
    }
    return details == null ? data : data.mergeIn(details.copy());
  }
}
