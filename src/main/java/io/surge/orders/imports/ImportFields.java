package io.surge.orders.imports;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The rules of the canonical order history format, whatever the file's syntax: a line's fields by name (null when
 * absent or blank) become an {@link ImportRow}, or the first broken field's {@link RowError}.
 */
final class ImportFields {

  static final String ORDER_REF = "order_ref";
  static final String CUSTOMER_REF = "customer_ref";
  static final String ORDERED_AT = "ordered_at";
  static final String SKU = "sku";
  static final String TITLE = "title";
  static final String QUANTITY = "quantity";
  static final String UNIT_AMOUNT = "unit_amount";
  static final String CURRENCY = "currency";
  static final String COUNTRY = "country";
  static final String CANCELLED = "cancelled";

  static final Set<String> REQUIRED = Set.of(ORDER_REF, CUSTOMER_REF, ORDERED_AT, SKU, TITLE, QUANTITY, UNIT_AMOUNT,
    CURRENCY);
  static final Set<String> ALL = Set.of(ORDER_REF, CUSTOMER_REF, ORDERED_AT, SKU, TITLE, QUANTITY, UNIT_AMOUNT,
    CURRENCY, COUNTRY, CANCELLED);

  static final int MAX_QUANTITY = 1_000_000;
  /** Ten million in major units: far above any real unit price; an order total of 5 000 such lines still fits a long. */
  static final long MAX_UNIT_AMOUNT = 1_000_000_000L;

  private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
    .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

  private ImportFields() {
  }

  static ImportRow row(int line, UnaryOperator<String> fields) {
    String orderRef = text(fields, ORDER_REF, 100, true);
    String customerRef = text(fields, CUSTOMER_REF, 100, false);
    OffsetDateTime orderedAt = time(fields.apply(ORDERED_AT));
    String sku = text(fields, SKU, 100, true);
    String title = text(fields, TITLE, 200, true);
    int quantity = (int) number(fields.apply(QUANTITY), QUANTITY, 1, MAX_QUANTITY);
    long unitAmount = number(fields.apply(UNIT_AMOUNT), UNIT_AMOUNT, 0, MAX_UNIT_AMOUNT);
    String currency = fields.apply(CURRENCY);
    if (currency == null || !CURRENCIES.contains(currency)) {
      throw RowError.invalid(CURRENCY, "currency must be an ISO 4217 code in capitals, such as EUR or GBP.");
    }
    String country = text(fields, COUNTRY, 100, false);
    boolean cancelled = flag(fields.apply(CANCELLED));
    return new ImportRow(line, orderRef, customerRef, orderedAt, sku, title, quantity, unitAmount, currency, country,
      cancelled);
  }

  private static String text(UnaryOperator<String> fields, String name, int max, boolean required) {
    String value = fields.apply(name);
    if (value == null) {
      if (required) {
        throw RowError.invalid(name, name + " is required.");
      }
      return null;
    }
    if (value.length() > max) {
      throw RowError.invalid(name, name + " must be at most " + max + " characters.");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw RowError.invalid(name, name + " must not contain a NUL character.");
    }
    return value;
  }

  /** ISO 8601 with an offset ({@code 2011-06-01T09:30:00Z}, {@code +01:00}); without one it is read as UTC. */
  private static OffsetDateTime time(String value) {
    if (value == null) {
      throw RowError.invalid(ORDERED_AT, "ordered_at is required.");
    }
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(value);
    } catch (DateTimeException e) {
      try {
        at = LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
      } catch (DateTimeException again) {
        throw RowError.invalid(ORDERED_AT,
          "ordered_at must be an ISO 8601 date and time, such as 2011-06-01T09:30:00Z.");
      }
    }
    if (at.getYear() < 1970 || at.isAfter(OffsetDateTime.now(ZoneOffset.UTC).plusDays(1))) {
      throw RowError.invalid(ORDERED_AT, "ordered_at must lie between 1970 and now.");
    }
    return at;
  }

  private static long number(String value, String name, long min, long max) {
    long n;
    try {
      n = Long.parseLong(value == null ? "" : value);
    } catch (NumberFormatException e) {
      throw RowError.invalid(name, name + " must be a whole number" + (UNIT_AMOUNT.equals(name)
        ? " of minor units (cents, pence)." : "."));
    }
    if (n < min || n > max) {
      throw RowError.invalid(name, name + " must be between " + min + " and " + max + ".");
    }
    return n;
  }

  private static boolean flag(String value) {
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw RowError.invalid(CANCELLED, "cancelled must be true or false.");
    };
  }
}
