package io.surge.predictions.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a SKU's method by a rolling-origin back-test on its own history and forecasts with it. Each of
 * {@code folds} origins lies {@code backtestDays} apart at the end of the history; every candidate is fitted on
 * the days before the origin and scored on the days after by RMSSE (root mean squared error over that of the
 * weekly seasonal-naive rule in the fitted part, the M5 competition's measure) and MASE (the same with absolute
 * errors). Every SKU has a default: the weekly median ({@link WeeklyMedian}) when it sold in most recent weeks,
 * else Croston/TSB. Another candidate, the global gradient-boosted-trees model included when its forecasts are
 * given, replaces the default only when its mean back-test RMSSE is {@link #CHOICE_MARGIN} below the default's and
 * it is lower on most folds: three 28-day folds of a seller with a few sale days score mostly luck, and taking the
 * best of them per SKU was measured to forecast worse than the default alone (README, Predictions). RMSSE, not
 * MASE, decides: squared errors reward the right mean, which is what a restock sums, where absolute errors favour
 * forecasting zero for every intermittent seller (seasonal naive after an empty week). The 80% interval is the
 * winner's 10th and 90th percentile back-test errors around its forecast, per week ahead, widening with the
 * horizon ({@link #band}).
 */
final class Forecaster {

  /** Syntetos-Boylan: a mean interval between sale days above 1.32 days makes a seller intermittent. */
  static final double INTERMITTENT_INTERVAL = 1.32;
  /** Holt-Winters' initial state needs two weeks; a fold's fitted part needs that much. */
  static final int MIN_FIT_DAYS = 2 * Smoothing.WEEK;
  /**
   * Another method replaces the default only when its mean back-test RMSSE is this share below the default's (and
   * lower on most folds). On the Online Retail data choosing by the lowest score alone forecast worse than the
   * default alone; a 20% margin forecast slightly better (README, Predictions).
   */
  static final double CHOICE_MARGIN = 0.20;

  /** A forecast of {@code units} per day, with the chosen method, its back-test scores and every candidate's. */
  record Forecast(Method method, Score score, Map<Method, Score> candidates, double[] units, double[] low,
    double[] high) {

    double mase() {
      return score.mase();
    }
  }

  /** A method's mean back-test errors over the folds. */
  record Score(double mase, double rmsse) {
  }

  private Forecaster() {
  }

  static boolean intermittent(double[] y) {
    long saleDays = Arrays.stream(y).filter(v -> v > 0).count();
    return saleDays == 0 || (double) y.length / saleDays > INTERMITTENT_INTERVAL;
  }

  /**
   * Candidates, the default first: the weekly median when the SKU sold in most of its recent weeks (its median
   * week is not empty), else Croston/TSB's flat rate (never a forecast of zero for a SKU that sells). Damped
   * Holt-Winters draws wiggly lines through sparse sales, so intermittent sellers skip it.
   */
  static List<Method> candidates(double[] y) {
    List<Method> candidates = new ArrayList<>(WeeklyMedian.rate(y) > 0
      ? List.of(Method.WEEKLY_MEDIAN, Method.CROSTON_TSB) : List.of(Method.CROSTON_TSB, Method.WEEKLY_MEDIAN));
    candidates.add(Method.SEASONAL_NAIVE);
    if (!intermittent(y)) {
      candidates.add(Method.EXPONENTIAL_SMOOTHING);
    }
    return candidates;
  }

  /**
   * The global model's forecasts of one SKU: {@code from(daysBack)} is its forecast from the origin
   * {@code daysBack} days before the history's end, made by a model trained only on the days before that origin,
   * or null when there is none.
   */
  interface GlobalForecasts {
    double[] from(int daysBack);
  }

  /**
   * Forecasts {@code h} days after {@code y} (at least {@code MIN_FIT_DAYS + 7} days), with {@code only} as the
   * one candidate when given; without the global model's forecasts.
   */
  static Forecast forecast(double[] y, int h, Method only, int folds, int backtestDays) {
    return forecast(y, h, only, folds, backtestDays, null);
  }

  /**
   * Forecasts {@code h} days after {@code y}; the global model ({@code global}, may be null) is one more candidate
   * when its forecasts exist for every fold, which share their origins with every other SKU's (so full folds
   * only: {@code backtestDays} apart).
   */
  static Forecast forecast(double[] y, int h, Method only, int folds, int backtestDays, GlobalForecasts global) {
    int step = Math.min(backtestDays, y.length - MIN_FIT_DAYS);
    List<Method> candidates = new ArrayList<>(only == null ? candidates(y) : List.of(only));
    boolean globalReady = global != null && step == backtestDays && global.from(0) != null;
    for (int k = folds; globalReady && k >= 1; k--) {
      globalReady = y.length - k * step < MIN_FIT_DAYS || global.from(k * step) != null;
    }
    if (only == null && globalReady) {
      candidates.add(Method.GRADIENT_BOOSTED_TREES);
    } else if (only == Method.GRADIENT_BOOSTED_TREES && !globalReady) {
      throw new IllegalStateException("the global model has no forecast of this SKU");
    }
    Map<Method, Score> scores = new EnumMap<>(Method.class);
    Map<Method, List<double[]>> residuals = new EnumMap<>(Method.class);
    Map<Method, double[]> foldRmsse = new EnumMap<>(Method.class);
    for (Method method : candidates) {
      List<double[]> errors = new ArrayList<>();
      double[] perFold = new double[folds];
      double mase = 0;
      double rmsse = 0;
      int counted = 0;
      for (int k = folds; k >= 1; k--) {
        int origin = y.length - k * step;
        if (origin < MIN_FIT_DAYS) {
          continue;
        }
        double[] fit = Arrays.copyOf(y, origin);
        double[] f = method == Method.GRADIENT_BOOSTED_TREES ? global.from(k * step) : run(method, fit, step);
        double[] error = new double[step];
        double absolute = 0;
        double squared = 0;
        for (int i = 0; i < step; i++) {
          error[i] = y[origin + i] - Math.max(0, f[i]);
          absolute += Math.abs(error[i]);
          squared += error[i] * error[i];
        }
        errors.add(error);
        mase += absolute / step / scale(fit, 1);
        perFold[counted] = Math.sqrt(squared / step / scale(fit, 2));
        rmsse += perFold[counted];
        counted++;
      }
      scores.put(method, new Score(mase / counted, rmsse / counted));
      residuals.put(method, errors);
      foldRmsse.put(method, Arrays.copyOf(perFold, counted));
    }
    Method best = candidates.get(0);
    Method fallback = best;
    for (Method method : candidates) {
      if (method != fallback && beats(foldRmsse.get(method), foldRmsse.get(fallback))
        && (best == fallback || scores.get(method).rmsse() < scores.get(best).rmsse())) {
        best = method;
      }
    }
    double[] units = best == Method.GRADIENT_BOOSTED_TREES ? Arrays.copyOf(global.from(0), h) : run(best, y, h);
    double[][] band = band(residuals.get(best), step, h);
    double[] low = new double[h];
    double[] high = new double[h];
    for (int i = 0; i < h; i++) {
      units[i] = Math.max(0, units[i]);
      low[i] = Math.max(0, units[i] + band[0][i]);
      high[i] = units[i] + band[1][i];
    }
    return new Forecast(best, scores.get(best), scores, units, low, high);
  }

  /**
   * Whether a challenger's back-test RMSSE per fold beats the default's: a mean {@link #CHOICE_MARGIN} lower, and
   * lower on most folds (one lucky fold is not enough).
   */
  static boolean beats(double[] challenger, double[] fallback) {
    double sum = 0;
    double fallbackSum = 0;
    int better = 0;
    for (int i = 0; i < challenger.length; i++) {
      sum += challenger[i];
      fallbackSum += fallback[i];
      better += challenger[i] < fallback[i] ? 1 : 0;
    }
    return sum < (1 - CHOICE_MARGIN) * fallbackSum && 2 * better > challenger.length;
  }

  /**
   * The 80% interval's offsets below ({@code [0]}, at most 0) and above ({@code [1]}, at least 0) the forecast per
   * day ahead: the 10th and 90th percentile back-test errors of each week ahead over all folds (a week pools enough
   * errors for a percentile; one day of three folds would not), never narrower than an earlier week's (uncertainty
   * does not shrink with the horizon), and beyond the back-test's {@code step} days the last week's growing with
   * the square root of the horizon, as a random walk's error does.
   */
  static double[][] band(List<double[]> folds, int step, int h) {
    double[][] band = new double[2][h];
    double below = 0;
    double above = 0;
    for (int week = 0; week * Smoothing.WEEK < Math.min(step, h); week++) {
      int from = week * Smoothing.WEEK;
      int to = Math.min(step, from + Smoothing.WEEK);
      if (step - to < Smoothing.WEEK / 2) {
        to = step; // a short last week joins this one
      }
      List<Double> pooled = new ArrayList<>();
      for (double[] fold : folds) {
        for (int i = from; i < to; i++) {
          pooled.add(fold[i]);
        }
      }
      double[] sorted = pooled.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      below = Math.min(below, percentile(sorted, 0.1));
      above = Math.max(above, percentile(sorted, 0.9));
      for (int i = from; i < Math.min(to, h); i++) {
        band[0][i] = below;
        band[1][i] = above;
      }
      if (to == step) {
        break;
      }
    }
    for (int i = step; i < h; i++) {
      double growth = Math.sqrt((i + 1.0) / step);
      band[0][i] = below * growth;
      band[1][i] = above * growth;
    }
    return band;
  }

  static double[] run(Method method, double[] y, int h) {
    return switch (method) {
      case SEASONAL_NAIVE -> Smoothing.seasonalNaive(y, h);
      case WEEKLY_MEDIAN -> WeeklyMedian.forecast(y, h);
      case EXPONENTIAL_SMOOTHING -> Smoothing.fitHoltWinters(y).forecast(h);
      case CROSTON_TSB -> {
        double[] f = new double[h];
        Arrays.fill(f, Smoothing.fitTsb(y).daily());
        yield f;
      }
      case GRADIENT_BOOSTED_TREES -> throw new IllegalArgumentException("the global model forecasts all SKUs at once");
    };
  }

  /**
   * MASE's (power 1) and RMSSE's (power 2) denominator: the in-sample mean absolute (squared) error of the weekly
   * seasonal-naive rule; for a history where that is zero (every week the same), of the day-to-day change, then
   * the mean (squared), then 1.
   */
  static double scale(double[] y, int power) {
    for (int lag : new int[] {Smoothing.WEEK, 1}) {
      double sum = 0;
      for (int t = lag; t < y.length; t++) {
        sum += Math.pow(Math.abs(y[t] - y[t - lag]), power);
      }
      if (sum > 0) {
        return sum / (y.length - lag);
      }
    }
    double mean = Smoothing.mean(y, 0, y.length);
    return mean > 0 ? Math.pow(mean, power) : 1;
  }

  /** Linear interpolation between the closest ranks of sorted values. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
