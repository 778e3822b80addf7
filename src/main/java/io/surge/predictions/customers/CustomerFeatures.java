package io.surge.predictions.customers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's features at a cut-off, from their orders placed before it: recency, frequency (all and in the last
 * 90 days), monetary value, average order value and basket size, tenure, days between orders, category mix and
 * the share of cancelled or returned orders. Missing values (days between orders of a one-time buyer) are NaN.
 */
final class CustomerFeatures {

  static final List<String> NAMES = List.of("recency_days", "orders", "orders_last_90_days", "monetary",
    "average_order_value", "average_basket_items", "tenure_days", "days_between_orders", "top_category_share",
    "categories", "cancelled_or_returned_share");
  static final int RECENCY = 0;
  static final int ORDERS = 1;
  static final int TENURE = 6;

  static final long DAY = 86_400L;
  private static final long RECENT = 90 * DAY;

  private CustomerFeatures() {
  }

  /** The features at {@code cutoff} (epoch seconds) from the orders (oldest first) before it; null when none. */
  static double[] at(List<PastOrder> orders, long cutoff) {
    int placed = 0;
    int kept = 0;
    int recent = 0;
    int troubled = 0;
    long money = 0;
    long items = 0;
    long first = Long.MAX_VALUE;
    long firstKept = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long lastKept = Long.MIN_VALUE;
    Map<Integer, Long> byCategory = new HashMap<>();
    long lineTotal = 0;
    for (PastOrder order : orders) {
      if (order.at() >= cutoff) {
        break;
      }
      placed++;
      first = Math.min(first, order.at());
      last = Math.max(last, order.at());
      if (order.cancelledOrReturned()) {
        troubled++;
      }
      if (!order.kept()) {
        continue;
      }
      kept++;
      firstKept = Math.min(firstKept, order.at());
      lastKept = Math.max(lastKept, order.at());
      if (order.at() >= cutoff - RECENT) {
        recent++;
      }
      money += order.amount();
      items += order.items();
      for (int i = 0; i < order.categories().length; i++) {
        byCategory.merge(order.categories()[i], order.lineAmounts()[i], Long::sum);
        lineTotal += order.lineAmounts()[i];
      }
    }
    if (placed == 0) {
      return null;
    }
    long top = byCategory.values().stream().mapToLong(Long::longValue).max().orElse(0);
    double[] f = new double[NAMES.size()];
    f[RECENCY] = days(cutoff - (kept > 0 ? lastKept : last));
    f[ORDERS] = kept;
    f[2] = recent;
    f[3] = money;
    f[4] = kept > 0 ? (double) money / kept : 0;
    f[5] = kept > 0 ? (double) items / kept : 0;
    f[TENURE] = days(cutoff - first);
    f[7] = kept > 1 ? days(lastKept - firstKept) / (kept - 1) : Double.NaN;
    f[8] = lineTotal > 0 ? (double) top / lineTotal : Double.NaN;
    f[9] = byCategory.size();
    f[10] = (double) troubled / placed;
    return f;
  }

  /** Whether the customer placed an order that still stands in [from, to) (the training label). */
  static boolean orderedWithin(List<PastOrder> orders, long from, long to) {
    for (PastOrder order : orders) {
      if (order.kept() && order.at() >= from && order.at() < to) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the classifiers read: counts, amounts and day spans on a log scale (trees do not care; the linear model's
   * weights then mean "per doubling", and one big spender does not dominate it), shares as they are.
   */
  static float[] modelInput(double[] features) {
    float[] x = new float[features.length];
    for (int i = 0; i < features.length; i++) {
      double v = features[i];
      boolean share = i == 8 || i == 10;
      x[i] = Double.isNaN(v) ? Float.NaN : (float) (share ? v : Math.log1p(Math.max(0, v)));
    }
    return x;
  }

  private static double days(long seconds) {
    return seconds / (double) DAY;
  }
}
