package io.surge.orders;

import io.surge.Infrastructure;
import io.surge.catalog.CatalogChanges;
import io.surge.http.ApiException;
import io.surge.orders.OrderStatus.Transition;
import io.surge.orders.OrderTransitions.Actor;
import io.surge.orders.OrdersBus.Pay;
import io.surge.orders.OrdersBus.Refund;
import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The orders domain's own verticle (one per process): the event-bus operations the payments domain
 * drives ({@link OrdersBus#PAY}, {@link OrdersBus#REFUND}), the flash-sale orders to write out
 * ({@link DueOrders}), and the clocks: unpaid orders past their
 * deadline are cancelled (their stock goes back), delivered orders complete after
 * {@code orders.autoCompleteDays}. Deadlines live in the database, so a restart loses none; the order
 * row lock makes it safe for several instances to run these jobs.
 */
public final class OrdersVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersVerticle.class);
  private static final long DEADLINE_TICK_MS = 1000;
  private static final long COMPLETION_TICK_MS = 5_000;

  private Pool pg;
  private Redis redisClient;
  private OrderTransitions transitions;
  private OrderReads reads;
  private int autoCompleteDays;
  private boolean sweeping;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    OrderSettings orders = OrderSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    transitions = new OrderTransitions(vertx, pg, new CatalogChanges(vertx, RedisAPI.api(redisClient)),
      orders.topic());
    reads = new OrderReads(vertx, pg);
    autoCompleteDays = orders.autoCompleteDays();
    vertx.setPeriodic(0, DEADLINE_TICK_MS, id -> cancelOverdue());
    vertx.setPeriodic(0, COMPLETION_TICK_MS, id -> completeDelivered());
    OrderPrivacy privacy = new OrderPrivacy(vertx, pg);
    return Future.all(
      new DueOrders(vertx, pg).start(),
      PrivacyBus.answer(vertx, PrivacyBus.ORDERS, privacy::export, privacy::erase),
      vertx.eventBus().<JsonObject>consumer(OrdersBus.PAY, this::pay).completion(),
      vertx.eventBus().<JsonObject>consumer(OrdersBus.REFUND, this::refund).completion());
  }

  private void pay(Message<JsonObject> message) {
    Pay pay;
    try {
      pay = Pay.from(message.body());
    } catch (RuntimeException e) {
      message.fail(OrdersBus.BAD_REQUEST, OrdersBus.BAD_REQUEST_CODE);
      return;
    }
    operate(message, pay.orderId(), Transition.PAY, null, pay.toJson());
  }

  private void refund(Message<JsonObject> message) {
    Refund refund;
    try {
      refund = Refund.from(message.body());
    } catch (RuntimeException e) {
      message.fail(OrdersBus.BAD_REQUEST, OrdersBus.BAD_REQUEST_CODE);
      return;
    }
    operate(message, refund.orderId(), refund.full() ? Transition.REFUND : Transition.REFUND_PART, refund.reason(),
      refund.toJson());
  }

  /** The request's fields (the order id aside) go into the order's event; replies with the order. */
  private void operate(Message<JsonObject> message, UUID orderId, Transition transition, String reason,
    JsonObject details) {
    details.remove("order_id");
    transitions.apply(orderId, null, transition, Actor.PAYMENTS, null, reason, details)
      .compose(row -> reads.full(orderId, null))
      .onSuccess(message::reply)
      .onFailure(e -> message.fail(e instanceof ApiException api ? api.status() : OrdersBus.INTERNAL_ERROR,
        e instanceof ApiException api ? api.code() : OrdersBus.INTERNAL_ERROR_CODE));
  }

  /** One sweep at a time; each order is cancelled in its own transaction, re-checked under its row lock. */
  private void cancelOverdue() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    sweep(OrderSql.OVERDUE, null, Transition.CANCEL, "payment deadline passed")
      .onComplete(ar -> sweeping = false);
  }

  private void completeDelivered() {
    sweep(OrderSql.DUE_FOR_COMPLETION, autoCompleteDays, Transition.COMPLETE, "completed automatically after delivery");
  }

  private Future<Void> sweep(String sql, Integer days, Transition transition, String reason) {
    Future<RowSet<Row>> due = days == null ? pg.query(sql).execute()
      : pg.preparedQuery(sql).execute(Tuple.of(days));
    return due.compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        UUID orderId = row.getUUID("id");
        chain = chain.compose(v -> transitions.apply(orderId, null, transition, Actor.SYSTEM, null, reason, null)
          .<Void>mapEmpty()
          .recover(e -> {
            if (!(e instanceof ApiException)) {
              LOG.warn("Could not {} order {}", transition, orderId, e);
            }
            return Future.succeededFuture();
          }));
      }
      return chain;
    }).onFailure(e -> LOG.warn("Order sweep failed; will retry", e));
  }

  @Override
  public Future<?> stop() {
    redisClient.close();
    return pg.close();
  }
}
