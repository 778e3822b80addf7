package io.surge.orders;

import io.surge.orders.OrderStatus.Transition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.surge.orders.OrderStatus.CANCELLED;
import static io.surge.orders.OrderStatus.COMPLETED;
import static io.surge.orders.OrderStatus.DELIVERED;
import static io.surge.orders.OrderStatus.PAID;
import static io.surge.orders.OrderStatus.PARTIALLY_REFUNDED;
import static io.surge.orders.OrderStatus.PENDING_PAYMENT;
import static io.surge.orders.OrderStatus.REFUNDED;
import static io.surge.orders.OrderStatus.REFUND_REQUESTED;
import static io.surge.orders.OrderStatus.SHIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order state machine on its own: which move is allowed from which state, and what each move records. */
class OrderStatusTest {

  /** The whole table, written out once more so that a change to it is a deliberate one. */
  private static final Map<Transition, Set<OrderStatus>> ALLOWED_FROM = Map.ofEntries(
    Map.entry(Transition.PAY, EnumSet.of(PENDING_PAYMENT)),
    Map.entry(Transition.SHIP, EnumSet.of(PAID)),
    Map.entry(Transition.DELIVER, EnumSet.of(SHIPPED)),
    Map.entry(Transition.COMPLETE, EnumSet.of(DELIVERED)),
    Map.entry(Transition.CANCEL, EnumSet.of(PENDING_PAYMENT)),
    Map.entry(Transition.REQUEST_REFUND, EnumSet.of(PAID)),
    Map.entry(Transition.REQUEST_RETURN, EnumSet.of(DELIVERED, COMPLETED)),
    Map.entry(Transition.DECLINE_RETURN_TO_DELIVERED, EnumSet.of(REFUND_REQUESTED)),
    Map.entry(Transition.DECLINE_RETURN_TO_COMPLETED, EnumSet.of(REFUND_REQUESTED)),
    Map.entry(Transition.REFUND,
      EnumSet.of(PAID, SHIPPED, DELIVERED, COMPLETED, REFUND_REQUESTED, PARTIALLY_REFUNDED)),
    Map.entry(Transition.REFUND_PART,
      EnumSet.of(PAID, SHIPPED, DELIVERED, COMPLETED, REFUND_REQUESTED, PARTIALLY_REFUNDED)));

  /** The return steps publish the step, not the state: the state alone would not say a return was declined. */
  private static final Map<Transition, String> RETURN_EVENTS = Map.of(
    Transition.REQUEST_RETURN, "order.return_requested",
    Transition.DECLINE_RETURN_TO_DELIVERED, "order.return_declined",
    Transition.DECLINE_RETURN_TO_COMPLETED, "order.return_declined");

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transition.class)
  @DisplayName("each move is allowed from exactly its listed states and refused from every other")
  void allowedFromExactlyItsStates(Transition transition) {
    for (OrderStatus current : OrderStatus.values()) {
      assertEquals(ALLOWED_FROM.get(transition).contains(current), transition.allowedFrom(current),
        transition + " from " + current);
    }
  }

  @Test
  @DisplayName("given a cancelled or fully refunded order, when anything is asked of it, then no move is allowed")
  void finalStates() {
    for (OrderStatus done : EnumSet.of(CANCELLED, REFUNDED)) {
      assertTrue(Arrays.stream(Transition.values()).noneMatch(t -> t.allowedFrom(done)), done::toString);
    }
  }

  @Test
  @DisplayName("given an unpaid order, then it can only be paid or cancelled: no shipping, no refund")
  void unpaidOrder() {
    assertEquals(EnumSet.of(Transition.PAY, Transition.CANCEL),
      EnumSet.copyOf(Arrays.stream(Transition.values()).filter(t -> t.allowedFrom(PENDING_PAYMENT)).toList()));
  }

  @Test
  @DisplayName("given a paid order, then it can no longer be cancelled (only refunded)")
  void paidOrderIsRefundedNotCancelled() {
    assertFalse(Transition.CANCEL.allowedFrom(PAID));
    assertTrue(Transition.REFUND.allowedFrom(PAID));
  }

  @Test
  @DisplayName("a partially refunded order can be refunded again, in part or in full")
  void partialRefundsRepeat() {
    assertTrue(Transition.REFUND_PART.allowedFrom(PARTIALLY_REFUNDED));
    assertTrue(Transition.REFUND.allowedFrom(PARTIALLY_REFUNDED));
    assertFalse(Transition.REQUEST_REFUND.allowedFrom(PARTIALLY_REFUNDED));
  }

  @Test
  @DisplayName("after shipment a customer's cancel no longer requests a refund: delivered goods come back only by a return")
  void noRefundRequestAfterShipment() {
    for (OrderStatus shippedOrLater : EnumSet.of(SHIPPED, DELIVERED, COMPLETED)) {
      assertFalse(Transition.REQUEST_REFUND.allowedFrom(shippedOrLater), shippedOrLater::toString);
    }
    assertFalse(Transition.REQUEST_RETURN.allowedFrom(SHIPPED));
  }

  @Test
  @DisplayName("each move lands in its state, publishes order.<state> and stamps the state's time where the table has one")
  void eventsAndTimestamps() {
    for (Transition transition : Transition.values()) {
      assertEquals(RETURN_EVENTS.getOrDefault(transition, "order." + transition.to().db()), transition.event(),
        transition::toString);
    }
    assertEquals("paid_at", Transition.PAY.timestampColumn());
    assertEquals("shipped_at", Transition.SHIP.timestampColumn());
    assertEquals("delivered_at", Transition.DELIVER.timestampColumn());
    assertEquals("completed_at", Transition.COMPLETE.timestampColumn());
    assertEquals("cancelled_at", Transition.CANCEL.timestampColumn());
    assertEquals(null, Transition.REFUND.timestampColumn());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(OrderStatus.class)
  @DisplayName("a state's database name reads back as the same state")
  void databaseNames(OrderStatus status) {
    assertEquals(status, OrderStatus.of(status.db()));
    assertEquals(status.name().toLowerCase(Locale.ROOT), status.db());
  }
}
