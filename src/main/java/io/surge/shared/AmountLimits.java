package io.surge.shared;

import io.surge.config.ConfigBlock;
import io.surge.http.ApiException;
import io.surge.http.FieldError;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the provider can charge: Stripe refuses less than a minimum per currency (about 0.50 in the main ones,
 * {@code payments.minimumAmounts}: {@code CUR:minor units}, comma-separated) and more than eight digits of minor units
 * ({@code payments.maximumAmount}). Checkout asks here, so such an order is refused with a clear problem before it
 * exists, not with a 502 when the customer tries to pay. A currency not listed has no minimum Surge knows of.
 * Shared (not in payments) because orders asks it and payments already depends on orders.
 */
public record AmountLimits(Map<String, Long> minimums, long maximum) {

  public static final String BELOW_MINIMUM = "amount_below_minimum";
  public static final String ABOVE_MAXIMUM = "amount_above_maximum";

  public static AmountLimits from(JsonObject config) {
    ConfigBlock payments = ConfigBlock.of(config, "payments");
    Map<String, Long> byCurrency = new TreeMap<>();
    for (String entry : payments.string("minimumAmounts").split(",")) {
      String[] pair = entry.trim().split(":");
      try {
        byCurrency.put(pair[0].trim().toUpperCase(Locale.ROOT), Long.parseLong(pair[1].trim()));
      } catch (RuntimeException e) {
        throw new IllegalStateException("payments.minimumAmounts must read CUR:minor,CUR:minor...; not " + entry, e);
      }
    }
    return new AmountLimits(Map.copyOf(byCurrency), payments.whole("maximumAmount"));
  }

  /** Null when the provider can charge {@code total}; else the 422 naming the order's total. */
  public ApiException problem(long total, String currency) {
    long minimum = minimums.getOrDefault(currency.toUpperCase(Locale.ROOT), 0L);
    if (total < minimum) {
      return refusal(BELOW_MINIMUM, "An order must come to at least " + minimum + " minor units of " + currency
        + " to be paid; this one comes to " + total + ".");
    }
    if (total > maximum) {
      return refusal(ABOVE_MAXIMUM, "An order can come to at most " + maximum + " minor units to be paid; this one "
        + "comes to " + total + ". Split it into several orders.");
    }
    return null;
  }

  private static ApiException refusal(String code, String message) {
    return new ApiException(422, code, "Unprocessable request", message, List.of(new FieldError("total", code,
      message)), null);
  }
}
