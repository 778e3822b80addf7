package io.surge.predictions.forecast;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * The three per-SKU methods' recursions, written by hand (each is a few lines; no well-kept Java library has
 * damped Holt-Winters or TSB), fitted by least squares of the one-step errors. Every method forecasts
 * {@code h} days after the last value of {@code y}.
 */
final class Smoothing {

  static final int WEEK = 7;

  private Smoothing() {
  }

  /** Day {@code n + k} repeats day {@code n + k - 7}, that is the same weekday of the last week. */
  static double[] seasonalNaive(double[] y, int h) {
    double[] f = new double[h];
    int n = y.length;
    for (int k = 0; k < h; k++) {
      f[k] = y[n - WEEK + k % WEEK];
    }
    return f;
  }

  /** The state of damped additive Holt-Winters after the last observation, and its sum of squared one-step errors. */
  record HoltWinters(double level, double trend, double[] season, double phi, int seasonStart, double sse) {

    /** {@code l + (phi + ... + phi^k) b + s}, the season index running on from {@code seasonStart}. */
    double[] forecast(int h) {
      double[] f = new double[h];
      double damp = 0;
      double power = 1;
      for (int k = 0; k < h; k++) {
        power *= phi;
        damp += power;
        f[k] = level + damp * trend + season[(seasonStart + k) % WEEK];
      }
      return f;
    }
  }

  /**
   * Runs the ETS(A,Ad,A) recursions: level {@code l = a(y - s) + (1 - a)(l + phi b)}, trend
   * {@code b = beta (l' - l) + (1 - beta) phi b}, season {@code s = g(y - l - phi b) + (1 - g) s}. Initial
   * state: the first week's mean as level, the change between the first two weeks' means as trend, the first
   * week's deviations as season; recursions start on day 8. Needs at least two weeks.
   */
  static HoltWinters holtWinters(double[] y, double alpha, double beta, double gamma, double phi) {
    double[] season = new double[WEEK];
    double level = mean(y, 0, WEEK);
    double trend = (mean(y, WEEK, 2 * WEEK) - level) / WEEK;
    for (int i = 0; i < WEEK; i++) {
      season[i] = y[i] - level;
    }
    double sse = 0;
    for (int t = WEEK; t < y.length; t++) {
      int s = t % WEEK;
      double expected = level + phi * trend + season[s];
      double error = y[t] - expected;
      sse += error * error;
      double previous = level;
      double previousTrend = trend;
      level = alpha * (y[t] - season[s]) + (1 - alpha) * (previous + phi * previousTrend);
      trend = beta * (level - previous) + (1 - beta) * phi * previousTrend;
      season[s] = gamma * (y[t] - previous - phi * previousTrend) + (1 - gamma) * season[s];
    }
    return new HoltWinters(level, trend, season, phi, y.length % WEEK, sse);
  }

  /**
   * Fits alpha, beta (as a share of alpha), gamma (as a share of 1 - alpha) and phi in [0.8, 0.98] by BOBYQA on
   * the sum of squared one-step errors, the usual ETS bounds.
   */
  static HoltWinters fitHoltWinters(double[] y) {
    // the best point seen is kept: BOBYQA throws when it runs out of evaluations or its trust region step stops
    // reducing its model on a flat or noisy objective (seen on real sparse sellers), and a near-optimum is good enough
    double[][] best = {{0.2, 0.1, 0.1, 0.9}};
    double[] bestSse = {Double.MAX_VALUE};
    ObjectiveFunction sse = new ObjectiveFunction(p -> {
      double value = holtWinters(y, p[0], p[0] * p[1], (1 - p[0]) * p[2], p[3]).sse();
      if (value < bestSse[0]) {
        bestSse[0] = value;
        best[0] = p.clone();
      }
      return value;
    });
    try {
      new BOBYQAOptimizer(9).optimize(new MaxEval(400), sse, GoalType.MINIMIZE,
        new InitialGuess(new double[] {0.2, 0.1, 0.1, 0.9}),
        new SimpleBounds(new double[] {0.01, 0, 0, 0.8}, new double[] {0.99, 1, 1, 0.98}));
    } catch (MathIllegalStateException e) { // TooManyEvaluationsException included
      // best[0] holds the best point of the evaluations made
    }
    double[] p = best[0];
    return holtWinters(y, p[0], p[0] * p[1], (1 - p[0]) * p[2], p[3]);
  }

  /** TSB's state after the last day: smoothed probability of a sale on a day, smoothed size of a sale day's demand. */
  record Tsb(double probability, double size, double sse) {

    double daily() {
      return probability * size;
    }
  }

  /**
   * TSB: on every day the probability moves toward 1 (a sale) or 0 (none) by {@code beta}; on a sale day the size
   * moves toward the units by {@code alpha}. Initial state: the share of sale days and their mean units.
   */
  static Tsb tsb(double[] y, double alpha, double beta) {
    int saleDays = 0;
    double units = 0;
    for (double v : y) {
      if (v > 0) {
        saleDays++;
        units += v;
      }
    }
    double probability = (double) saleDays / y.length;
    double size = saleDays == 0 ? 0 : units / saleDays;
    double sse = 0;
    for (double v : y) {
      double error = v - probability * size;
      sse += error * error;
      if (v > 0) {
        probability += beta * (1 - probability);
        size += alpha * (v - size);
      } else {
        probability -= beta * probability;
      }
    }
    return new Tsb(probability, size, sse);
  }

  private static final double[] TSB_GRID = {0.02, 0.05, 0.1, 0.2, 0.3};

  /** The smoothing constants on a small grid: two parameters, and TSB's error surface is flat near its minimum. */
  static Tsb fitTsb(double[] y) {
    Tsb best = null;
    for (double alpha : TSB_GRID) {
      for (double beta : TSB_GRID) {
        Tsb fitted = tsb(y, alpha, beta);
        if (best == null || fitted.sse() < best.sse()) {
          best = fitted;
        }
      }
    }
    return best;
  }

  static double mean(double[] y, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += y[i];
    }
    return sum / (to - from);
  }
}
