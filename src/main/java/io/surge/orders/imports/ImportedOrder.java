package io.surge.orders.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * One order of the file: its consecutive lines with the same order_ref. It is imported whole or not at all, so a
 * bad line leaves its order out and a corrected file imports it later (the import is keyed by order_ref).
 */
final class ImportedOrder {

  final String ref;
  final List<ImportRow> rows = new ArrayList<>();
  /** The first refused line and why; null while the order is fine. */
  int badLine;
  RowError problem;
  /** Filled in by the write: created, exists, or error (with {@link #problem} saying why). */
  String outcome;

  ImportedOrder(String ref) {
    this.ref = ref;
  }

  void refuse(int line, RowError error) {
    if (problem == null) {
      badLine = line;
      problem = error;
    }
  }

  boolean valid() {
    return problem == null && !rows.isEmpty();
  }

  ImportRow first() {
    return rows.get(0);
  }

  /**
   * What every line must agree on: whose order it is, and its currency (the order's time, country and status are its
   * first line's; a later line's may differ, as in real exports where an order's lines straddle a minute).
   */
  RowError inconsistency(ImportRow row) {
    if (rows.isEmpty()) {
      return null;
    }
    ImportRow first = first();
    if (!java.util.Objects.equals(first.customerRef(), row.customerRef())) {
      return RowError.invalid(ImportFields.CUSTOMER_REF,
        "customer_ref differs from the first line of order " + ref + " (line " + first.line() + ").");
    }
    if (!first.currency().equals(row.currency())) {
      return RowError.invalid(ImportFields.CURRENCY,
        "currency differs from the first line of order " + ref + " (line " + first.line() + ").");
    }
    if (items() + (long) row.quantity() > Integer.MAX_VALUE) {
      return RowError.invalid(ImportFields.QUANTITY, "The order's quantities add up to more than one order can hold.");
    }
    return null;
  }

  /** An order is cancelled when any of its lines says so. */
  boolean cancelled() {
    return rows.stream().anyMatch(ImportRow::cancelled);
  }

  long subtotal() {
    return rows.stream().mapToLong(row -> row.unitAmount() * row.quantity()).sum();
  }

  int items() {
    return rows.stream().mapToInt(ImportRow::quantity).sum();
  }
}
