package io.surge.orders.imports;

import java.time.OffsetDateTime;

/** One valid line of an order history file: one order line, with what it says about its order. */
record ImportRow(int line, String orderRef, String customerRef, OffsetDateTime orderedAt, String sku, String title,
  int quantity, long unitAmount, String currency, String country, boolean cancelled) {
}
