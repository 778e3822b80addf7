package io.surge.predictions.forecast;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The global demand model: one XGBoost regression over every SKU's daily history (the approach that won the M5
 * competition), so a SKU with a short or noisy history borrows the weekly pattern, the reaction to price and the
 * shop-wide level that all SKUs share. Targets and unit features are divided by the SKU's mean daily units before
 * the origin, so one model serves sellers of every size.
 *
 * <p>Forecasts are recursive: the model predicts the next day from the days before it, the prediction becomes the
 * last day, and so on. One model then serves every horizon up to the longest stored forecast (120 days) from one
 * row per SKU-day (bounded training data), where a direct model would need a model or a row per horizon step; the
 * price and a sale carry forward as last seen. Runs on a worker thread; native memory is freed before returning.
 */
final class BoostedTrees {

  /** The features, in column order. */
  static final List<String> FEATURES = List.of("lag_1", "lag_7", "lag_14", "lag_28", "mean_7", "mean_28", "trend_28",
    "weekday", "days_since_sale", "scale_log", "age_days", "price_ratio", "shop_level");
  private static final int WIDTH = FEATURES.size();
  private static final int LONGEST_WINDOW = 365;
  private static final int MONTH = 28;

  /** Boosting rounds, tree depth, learning rate, the most training rows, and XGBoost's threads. */
  record Settings(int rounds, int depth, double learningRate, int maxRows, int threads) {
  }

  private BoostedTrees() {
  }

  /**
   * Every SKU's forecast of {@code h} days from the origin {@code daysBack} days before the cutoff (the day after
   * every history ends), by one model trained only on the days before that origin. SKUs with no day before the
   * origin get none.
   */
  static Map<UUID, double[]> forecast(List<DemandHistory> histories, LocalDate cutoff, int daysBack, int h,
    Settings settings) throws XGBoostError {
    int span = 0;
    for (DemandHistory history : histories) {
      span = Math.max(span, history.days());
    }
    int origin = span - daysBack;
    List<Series> skus = new ArrayList<>();
    for (DemandHistory history : histories) {
      int known = history.days() - daysBack;
      if (known >= 1) {
        skus.add(new Series(history, known, h, span - history.days()));
      }
    }
    Map<UUID, double[]> out = new LinkedHashMap<>();
    if (skus.isEmpty() || origin < 1) {
      return out;
    }
    Shop shop = new Shop(origin, h, skus, Math.floorMod(cutoff.getDayOfWeek().getValue() - 1 - span, 7));
    Booster booster = train(skus, shop, settings);
    try {
      float[] x = new float[skus.size() * WIDTH];
      for (int step = 0; step < h; step++) {
        for (int i = 0; i < skus.size(); i++) {
          Series sku = skus.get(i);
          features(sku, sku.known, shop, x, i * WIDTH);
        }
        float[][] predicted = predict(booster, x, skus.size());
        double total = 0;
        for (int i = 0; i < skus.size(); i++) {
          Series sku = skus.get(i);
          double units = Math.max(0, predicted[i][0]) * sku.scale;
          sku.append(units);
          total += units;
        }
        shop.append(total);
      }
    } finally {
      booster.dispose();
    }
    for (Series sku : skus) {
      double[] forecast = new double[h];
      System.arraycopy(sku.units, sku.known - h, forecast, 0, h);
      out.put(sku.id, forecast);
    }
    return out;
  }

  private static Booster train(List<Series> skus, Shop shop, Settings settings) throws XGBoostError {
    // bounded: each SKU's last `window` days, and every stride-th SKU when even 28 days of each exceed maxRows
    int window = Math.max(MONTH, Math.min(LONGEST_WINDOW, settings.maxRows() / skus.size()));
    int stride = (int) Math.max(1, ((long) skus.size() * window + settings.maxRows() - 1) / settings.maxRows());
    int rows = 0;
    for (int i = 0; i < skus.size(); i += stride) {
      rows += Math.min(window, skus.get(i).known - 1);
    }
    float[] x = new float[Math.max(1, rows) * WIDTH];
    float[] labels = new float[Math.max(1, rows)];
    int row = 0;
    for (int i = 0; i < skus.size(); i += stride) {
      Series sku = skus.get(i);
      for (int t = Math.max(1, sku.known - window); t < sku.known; t++) {
        features(sku, t, shop, x, row * WIDTH);
        labels[row++] = (float) (sku.units[t] / sku.scale);
      }
    }
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "reg:squarederror");
    params.put("booster", "gbtree");
    params.put("tree_method", "hist");
    params.put("max_depth", settings.depth());
    params.put("eta", settings.learningRate());
    params.put("min_child_weight", 20);
    params.put("subsample", 0.8);
    params.put("colsample_bytree", 0.8);
    params.put("nthread", settings.threads());
    params.put("seed", 7);
    params.put("verbosity", 0);
    DMatrix data = new DMatrix(x, Math.max(1, rows), WIDTH, Float.NaN);
    try {
      data.setLabel(labels);
      return XGBoost.train(data, params, settings.rounds(), new HashMap<>(), null, null);
    } finally {
      data.dispose();
    }
  }

  private static float[][] predict(Booster booster, float[] x, int rows) throws XGBoostError {
    DMatrix data = new DMatrix(x, rows, WIDTH, Float.NaN);
    try {
      return booster.predict(data);
    } finally {
      data.dispose();
    }
  }

  /** The features of SKU {@code sku} on its day {@code t}, from its days before t only, into x at offset. */
  private static void features(Series sku, int t, Shop shop, float[] x, int at) {
    double s = sku.scale;
    x[at] = lag(sku, t, 1);
    x[at + 1] = lag(sku, t, 7);
    x[at + 2] = lag(sku, t, 14);
    x[at + 3] = lag(sku, t, MONTH);
    x[at + 4] = (float) (sku.mean(t, 7) / s);
    double month = sku.mean(t, MONTH);
    x[at + 5] = (float) (month / s);
    x[at + 6] = t - MONTH >= 1 ? (float) ((month - sku.mean(t - MONTH, MONTH)) / s) : Float.NaN;
    int day = sku.offset + t;
    x[at + 7] = shop.weekday(day);
    x[at + 8] = Math.min(LONGEST_WINDOW, t - sku.lastSale[t]);
    x[at + 9] = (float) Math.log1p(s);
    x[at + 10] = Math.min(LONGEST_WINDOW, t);
    x[at + 11] = sku.meanPrice > 0 ? (float) (sku.lastPrice[t] / sku.meanPrice) : Float.NaN;
    x[at + 12] = (float) shop.level(day);
  }

  private static float lag(Series sku, int t, int k) {
    return t - k >= 0 ? (float) (sku.units[t - k] / sku.scale) : Float.NaN;
  }

  /**
   * A SKU's units (known days, then forecast days as they are made), with running sums, the last day with a sale
   * (at least half a unit, for forecast days) and the last price paid before each day.
   */
  private static final class Series {
    final UUID id;
    final double[] units;
    final double[] sums;
    final int[] lastSale;
    final double[] lastPrice;
    final double scale;
    final double meanPrice;
    /** The SKU's day 0 is the shop's day {@code offset}. */
    final int offset;
    int known;

    Series(DemandHistory history, int known, int h, int offset) {
      this.id = history.sku();
      this.offset = offset;
      units = new double[known + h];
      sums = new double[known + h + 1];
      lastSale = new int[known + h + 1];
      lastPrice = new double[known + h + 1];
      lastSale[0] = -1;
      lastPrice[0] = Double.NaN;
      double paid = 0;
      int priced = 0;
      for (int t = 0; t < known; t++) {
        double p = history.price()[t];
        if (!Double.isNaN(p)) {
          paid += p;
          priced++;
        }
        put(t, history.units()[t], p);
      }
      this.known = known;
      scale = Math.max(1e-6, sums[known] / known);
      meanPrice = priced == 0 ? 0 : paid / priced;
    }

    private void put(int t, double value, double price) {
      units[t] = value;
      sums[t + 1] = sums[t] + value;
      lastSale[t + 1] = value >= 0.5 ? t : lastSale[t];
      lastPrice[t + 1] = Double.isNaN(price) ? lastPrice[t] : price;
    }

    void append(double value) {
      put(known, value, Double.NaN);
      known++;
    }

    /** The mean of the (up to) {@code days} days before t; NaN before day 1. */
    double mean(int t, int days) {
      int from = Math.max(0, t - days);
      return t <= from ? Double.NaN : (sums[t] - sums[from]) / (t - from);
    }
  }

  /**
   * The shop's total daily units over the modelled SKUs (known, then forecast), and the weekday of each shop day;
   * its level is the last 28 days' mean over the mean of the year before the origin.
   */
  private static final class Shop {
    final double[] sums;
    final double mean;
    final int firstWeekday;
    int known;

    Shop(int origin, int h, List<Series> skus, int firstWeekday) {
      this.firstWeekday = firstWeekday;
      double[] daily = new double[origin];
      for (Series sku : skus) {
        for (int t = 0; t < sku.known; t++) {
          daily[sku.offset + t] += sku.units[t];
        }
      }
      sums = new double[origin + h + 1];
      for (int d = 0; d < origin; d++) {
        sums[d + 1] = sums[d] + daily[d];
      }
      known = origin;
      int from = Math.max(0, origin - LONGEST_WINDOW);
      mean = Math.max(1e-6, (sums[origin] - sums[from]) / (origin - from));
    }

    void append(double total) {
      sums[known + 1] = sums[known] + total;
      known++;
    }

    int weekday(int day) {
      return (firstWeekday + day) % 7;
    }

    double level(int day) {
      int from = Math.max(0, day - MONTH);
      return day <= from ? Double.NaN : (sums[day] - sums[from]) / (day - from) / mean;
    }
  }
}
