package io.surge.predictions.forecast;

import java.util.Arrays;

/**
 * The weekly median: a SKU's daily rate is the median of its last {@link #WEEKS} weekly totals over 7, spread over
 * the weekdays it sold on in the last {@link #OPEN_WEEKS} weeks (none on a weekday it never sells, such as a day the
 * shop is closed). A median, because the forecast is measured by absolute errors (MASE), whose best point forecast
 * is the median of future demand; and weekly totals, because most SKUs sell on few days, so the median of their
 * days would be zero where the median of their weeks is not. It also ignores the one-off bulk order that moves a
 * mean (or a smoothed rate such as TSB's) for weeks. A flat line on the days it sells, never a wiggly one. A SKU
 * that sold in at most half of the weeks gets zero, which no merchant wants to restock by: the forecaster does not
 * make it the default then ({@link Forecaster#candidates}).
 */
final class WeeklyMedian {

  /** Weekly totals the median is taken over: a quarter. */
  static final int WEEKS = 13;
  /** Weeks looked back for the weekdays the SKU sells on: half a year. */
  static final int OPEN_WEEKS = 26;

  private WeeklyMedian() {
  }

  /**
   * The daily rate: the median of the last (up to) {@link #WEEKS} weekly totals over 7; zero when the SKU sold in
   * at most half of those weeks (at least one week of history).
   */
  static double rate(double[] y) {
    int n = y.length;
    int weeks = Math.min(WEEKS, n / Smoothing.WEEK);
    double[] totals = new double[weeks];
    for (int j = 0; j < weeks; j++) {
      totals[j] = Smoothing.mean(y, n - Smoothing.WEEK * (j + 1), n - Smoothing.WEEK * j) * Smoothing.WEEK;
    }
    Arrays.sort(totals);
    return Forecaster.percentile(totals, 0.5) / Smoothing.WEEK;
  }

  /** {@code h} days after {@code y} (at least one week). */
  static double[] forecast(double[] y, int h) {
    int n = y.length;
    double rate = rate(y);
    boolean[] sells = new boolean[Smoothing.WEEK];
    int open = 0;
    for (int t = Math.max(0, n - OPEN_WEEKS * Smoothing.WEEK); t < n; t++) {
      int weekday = Math.floorMod(t - n, Smoothing.WEEK);
      if (y[t] > 0 && !sells[weekday]) {
        sells[weekday] = true;
        open++;
      }
    }
    double[] f = new double[h];
    for (int k = 0; k < h; k++) {
      // day n + k has the weekday of day n + k - 7m, that is the offset k mod 7 from n
      f[k] = open == 0 ? rate : sells[k % Smoothing.WEEK] ? rate * Smoothing.WEEK / open : 0;
    }
    return f;
  }
}
