package io.surge.orders;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The orders domain's event-bus contract. {@link #PAY} and {@link #REFUND} are driven by the payments
 * domain and reply with the order as the API shows it; a refusal is a {@link ReplyException} whose
 * {@link ReplyException#failureCode() failure code} is one of the codes below (the problem's HTTP status)
 * and whose message is the problem's stable code ({@code illegal_transition}, {@code not_found}...).
 */
public final class OrdersBus {

  /** {@link Pay}: pending_payment -> paid. */
  public static final String PAY = "surge.orders.pay";
  /**
   * {@link Refund}: -> refunded or partially_refunded; with goods returned the order's goods go back to
   * stock (once per order).
   */
  public static final String REFUND = "surge.orders.refund";
  /**
   * {@link RefundWanted}, the other way round: the orders domain asks payments to refund an approved return; the
   * reply is the refund as payments shows it; a refusal is a {@link ReplyException} as above (the problem's status,
   * its code). The order then moves through {@link #REFUND} like any refund.
   */
  public static final String REFUND_WANTED = "surge.payments.refund_wanted";
  /** Local, one address per customer (see {@link #customerEvents}): their order events, the outbox envelope as JSON text. */
  /**
   * A flash sale's batch has just made its orders due, to be written out (the due row's id; this process only): see
   * {@link DueOrders}.
   */
  public static final String ORDERS_DUE = "surge.orders.due";
  private static final String CUSTOMER_EVENTS_PREFIX = "surge.push.orders.";
  /**
   * Local, published: the id (text) of a customer one of whose orders changed (placed, paid, cancelled, refunded...),
   * for what this process caches about their orders. The writing process tells it right after its commit, before it
   * answers; every process again when the order event comes back from Kafka ({@code OrderFeed}), wherever it was
   * written.
   */
  public static final String CUSTOMER_ORDERS_CHANGED = "surge.orders.customer_changed";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  /** The request is not a {@link Pay} or {@link Refund}. */
  public static final int BAD_REQUEST = 400;
  /** No such order. */
  public static final int NOT_FOUND = 404;
  /** The order cannot make that move now: cancelled by its deadline, paid by another payment, refunded already... */
  public static final int ILLEGAL_TRANSITION = 409;
  /** Anything else; the order did not move. */
  public static final int INTERNAL_ERROR = 500;
  static final String BAD_REQUEST_CODE = "bad_request";
  static final String INTERNAL_ERROR_CODE = "internal_error";

  private OrdersBus() {
  }

  /** Publishes {@link #CUSTOMER_ORDERS_CHANGED} in this process. */
  public static void customerOrdersChanged(Vertx vertx, String userId) {
    vertx.eventBus().publish(CUSTOMER_ORDERS_CHANGED, userId, LOCAL);
  }

  /** The address the order-event stream of this customer listens on. */
  /** Tells this process's {@link DueOrders} that a committed batch made its orders due (the due row's id). */
  public static void ordersDue(Vertx vertx, UUID dueId) {
    vertx.eventBus().send(ORDERS_DUE, dueId.toString(), LOCAL);
  }

  public static String customerEvents(String userId) {
    return CUSTOMER_EVENTS_PREFIX + userId;
  }

  /** A payment for the order succeeded. */
  public record Pay(UUID orderId, UUID paymentId, String providerPaymentId) {

    public JsonObject toJson() {
      return new JsonObject().put("order_id", orderId.toString()).put("payment_id", paymentId.toString())
        .put("provider_payment_id", providerPaymentId);
    }

    public static Pay from(JsonObject json) {
      return new Pay(UUID.fromString(json.getString("order_id")), UUID.fromString(json.getString("payment_id")),
        json.getString("provider_payment_id"));
    }
  }

  /** Money went back to the customer; {@code full} when the payment is now refunded entirely. */
  public record Refund(UUID orderId, UUID paymentId, UUID refundId, long amount, boolean full, boolean goodsReturned,
    String reason) {

    public JsonObject toJson() {
      return new JsonObject()
        .put("order_id", orderId.toString())
        .put("payment_id", paymentId.toString())
        .put("refund_id", refundId.toString())
        .put("amount", amount)
        .put("full", full)
        .put("goods_returned", goodsReturned)
        .put("reason", reason);
    }

    public static Refund from(JsonObject json) {
      return new Refund(UUID.fromString(json.getString("order_id")), UUID.fromString(json.getString("payment_id")),
        UUID.fromString(json.getString("refund_id")), json.getLong("amount"), json.getBoolean("full", false),
        json.getBoolean("goods_returned", false), json.getString("reason"));
    }
  }

  /**
   * An approved return: refund {@code amount} minor units of the order's paid payment. {@code returnId} names the
   * refund, so asking again (a retried approval) asks for the same refund, never a second one.
   */
  public record RefundWanted(UUID orderId, UUID returnId, long amount, String reason) {

    public JsonObject toJson() {
      return new JsonObject().put("order_id", orderId.toString()).put("return_id", returnId.toString())
        .put("amount", amount).put("reason", reason);
    }

    public static RefundWanted from(JsonObject json) {
      return new RefundWanted(UUID.fromString(json.getString("order_id")), UUID.fromString(json.getString("return_id")),
        json.getLong("amount"), json.getString("reason"));
    }

    /** The refund's request key at payments: one refund per return. */
    public String refundKey() {
      return "return:" + returnId;
    }
  }
}
