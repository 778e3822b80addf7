package io.surge.predictions.customers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomerFeaturesTest {

  private static final long T = Instant.parse("2020-07-01T00:00:00Z").getEpochSecond();
  private static final long DAY = CustomerFeatures.DAY;

  private static PastOrder order(long daysBefore, long amount, int items, int[] categories, long[] lines) {
    return new PastOrder(T - daysBefore * DAY, true, false, amount, items, categories, lines);
  }

  private static double feature(double[] f, String name) {
    return f[CustomerFeatures.NAMES.indexOf(name)];
  }

  @Test
  @DisplayName("features at a cut-off come from the orders before it only")
  void featuresBeforeTheCutoff() {
    List<PastOrder> orders = List.of(
      order(200, 1000, 2, new int[] {1}, new long[] {1000}),
      order(100, 3000, 4, new int[] {1, 2}, new long[] {2000, 1000}),
      order(10, 2000, 3, new int[] {2}, new long[] {2000}),
      new PastOrder(T - 5 * DAY, false, true, 500, 1, new int[] {3}, new long[] {500}),
      order(-3, 9999, 9, new int[] {4}, new long[] {9999}));

    double[] f = CustomerFeatures.at(orders, T);

    assertEquals(10, feature(f, "recency_days"), 1e-9);
    assertEquals(3, feature(f, "orders"), 1e-9, "the cancelled order and the one after the cut-off do not count");
    assertEquals(1, feature(f, "orders_last_90_days"), 1e-9);
    assertEquals(6000, feature(f, "monetary"), 1e-9);
    assertEquals(2000, feature(f, "average_order_value"), 1e-9);
    assertEquals(3, feature(f, "average_basket_items"), 1e-9);
    assertEquals(200, feature(f, "tenure_days"), 1e-9);
    assertEquals(95, feature(f, "days_between_orders"), 1e-9);
    assertEquals(0.5, feature(f, "top_category_share"), 1e-9, "3000 of 6000 in category 2 (or 1)");
    assertEquals(2, feature(f, "categories"), 1e-9);
    assertEquals(0.25, feature(f, "cancelled_or_returned_share"), 1e-9);
    assertEquals(Segment.LOYAL, Segment.of(f));
  }

  @Test
  @DisplayName("no order before the cut-off: no features; one order: days between orders missing")
  void missingValues() {
    List<PastOrder> orders = List.of(order(40, 1000, 1, new int[] {1}, new long[] {1000}));
    assertNull(CustomerFeatures.at(orders, T - 41 * DAY));
    double[] f = CustomerFeatures.at(orders, T);
    assertTrue(Double.isNaN(feature(f, "days_between_orders")));
    assertTrue(Float.isNaN(CustomerFeatures.modelInput(f)[CustomerFeatures.NAMES.indexOf("days_between_orders")]));
    assertEquals((float) Math.log1p(40), CustomerFeatures.modelInput(f)[CustomerFeatures.RECENCY], 1e-6);
    assertEquals(Segment.HIBERNATING, Segment.of(f));
  }

  @Test
  @DisplayName("the label: an order that stands in [T, T + horizon)")
  void label() {
    List<PastOrder> orders = List.of(order(40, 1000, 1, new int[] {1}, new long[] {1000}),
      new PastOrder(T + 3 * DAY, false, true, 1, 1, new int[] {1}, new long[] {1}),
      order(-31, 1000, 1, new int[] {1}, new long[] {1000}));
    assertFalse(CustomerFeatures.orderedWithin(orders, T, T + 30 * DAY), "cancelled, then too late");
    assertTrue(CustomerFeatures.orderedWithin(orders, T, T + 32 * DAY));
  }

  @Test
  @DisplayName("segments: new, champions, at risk")
  void segments() {
    double[] f = new double[CustomerFeatures.NAMES.size()];
    f[CustomerFeatures.TENURE] = 20;
    assertEquals(Segment.NEW, Segment.of(f));
    f[CustomerFeatures.TENURE] = 300;
    f[CustomerFeatures.RECENCY] = 5;
    f[CustomerFeatures.ORDERS] = 6;
    assertEquals(Segment.CHAMPIONS, Segment.of(f));
    f[CustomerFeatures.RECENCY] = 120;
    assertEquals(Segment.AT_RISK, Segment.of(f));
  }
}
