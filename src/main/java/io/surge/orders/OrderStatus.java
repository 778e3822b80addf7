package io.surge.orders;

import java.util.Locale;
import java.util.Set;

/** An order's states and the transitions between them; anything else is an illegal transition (409). */
enum OrderStatus {
  PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUND_REQUESTED, REFUNDED, PARTIALLY_REFUNDED;

  String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OrderStatus of(String db) {
    return valueOf(db.toUpperCase(Locale.ROOT));
  }

  /** A named move from some states to one state, with the event it publishes and the timestamp it sets. */
  enum Transition {
    PAY(Set.of(PENDING_PAYMENT), PAID, "order.paid", "paid_at"),
    SHIP(Set.of(PAID), SHIPPED, "order.shipped", "shipped_at"),
    DELIVER(Set.of(SHIPPED), DELIVERED, "order.delivered", "delivered_at"),
    COMPLETE(Set.of(DELIVERED), COMPLETED, "order.completed", "completed_at"),
    CANCEL(Set.of(PENDING_PAYMENT), CANCELLED, "order.cancelled", "cancelled_at"),
    /** A paid order the customer cancels before it ships: payments refunds it in full without the merchant. */
    REQUEST_REFUND(Set.of(PAID), REFUND_REQUESTED, "order.refund_requested", null),
    /** After delivery money comes back only through a return request with a reason, decided by the merchant. */
    REQUEST_RETURN(Set.of(DELIVERED, COMPLETED), REFUND_REQUESTED, "order.return_requested", null),
    /** A declined return puts the order back where it was: delivered... */
    DECLINE_RETURN_TO_DELIVERED(Set.of(REFUND_REQUESTED), DELIVERED, "order.return_declined", null),
    /** ...or completed. */
    DECLINE_RETURN_TO_COMPLETED(Set.of(REFUND_REQUESTED), COMPLETED, "order.return_declined", null),
    REFUND(Set.of(PAID, SHIPPED, DELIVERED, COMPLETED, REFUND_REQUESTED, PARTIALLY_REFUNDED), REFUNDED,
      "order.refunded", null),
    REFUND_PART(Set.of(PAID, SHIPPED, DELIVERED, COMPLETED, REFUND_REQUESTED, PARTIALLY_REFUNDED), PARTIALLY_REFUNDED,
      "order.partially_refunded", null);

    private final Set<OrderStatus> from;
    private final OrderStatus to;
    private final String event;
    private final String timestampColumn;

    Transition(Set<OrderStatus> from, OrderStatus to, String event, String timestampColumn) {
      this.from = from;
      this.to = to;
      this.event = event;
      this.timestampColumn = timestampColumn;
    }

    boolean allowedFrom(OrderStatus current) {
      return from.contains(current);
    }

    OrderStatus to() {
      return to;
    }

    String event() {
      return event;
    }

    String timestampColumn() {
      return timestampColumn;
    }
  }
}
