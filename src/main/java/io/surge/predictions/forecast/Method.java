package io.surge.predictions.forecast;

import java.util.Locale;

/** The forecasting methods, by the name the API and the stored forecasts use. */
public enum Method {
  /** Each day repeats the same weekday of the last week: the rule a merchant would otherwise use. */
  SEASONAL_NAIVE,
  /** Holt-Winters, additive, damped trend, weekly seasonality (ETS(A,Ad,A)). */
  EXPONENTIAL_SMOOTHING,
  /** Teunter-Syntetos-Babai: smoothed demand size times smoothed probability of a sale; for intermittent sellers. */
  CROSTON_TSB,
  /** The median of the last weeks' totals, on the weekdays the SKU sells ({@link WeeklyMedian}): the default. */
  WEEKLY_MEDIAN,
  /**
   * One XGBoost model over every SKU's history ({@link BoostedTrees}); made only by a training run, which fits it on
   * all SKUs at once, so a forecast computed for one SKU on demand cannot use it.
   */
  GRADIENT_BOOSTED_TREES;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The method named {@code wire}; IllegalArgumentException when there is none. */
  public static Method of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
