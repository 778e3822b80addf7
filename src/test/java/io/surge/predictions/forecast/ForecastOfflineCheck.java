package io.surge.predictions.forecast;

import io.surge.predictions.PredictionSettings;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A cross-check of benchmarks/predictions.sh's forecast section without a server: the training run's forecasts
 * (global model, then the per-SKU back-test) on a canonical order CSV (benchmarks/online-retail-orders.sh), read
 * straight from the file, scored as predictions_forecast_eval.py scores them (mean MASE over SKUs with at least 10
 * sale days before the cut, WAPE of total daily units). Not a test; run by hand:
 * {@code java -cp target/classes:target/test-classes:CLASSPATH io.surge.predictions.forecast.ForecastOfflineCheck
 * CANONICAL.csv 2011-07-01 2011-10-01 [conf/application.json]}.
 */
public final class ForecastOfflineCheck {

  private ForecastOfflineCheck() {
  }

  public static void main(String[] args) throws Exception {
    LocalDate cut = LocalDate.parse(args[1]);
    LocalDate end = LocalDate.parse(args[2]);
    int horizon = (int) ChronoUnit.DAYS.between(cut, end);
    PredictionSettings settings = PredictionSettings.from(new JsonObject(Files.readString(
      Path.of(args.length > 3 ? args[3] : "conf/application.json"))));
    Map<String, TreeMap<LocalDate, double[]>> daily = new LinkedHashMap<>(); // units, amount
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = fields(line);
        if ("true".equals(f.get(9))) {
          continue;
        }
        LocalDate day = OffsetDateTime.parse(f.get(2)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        double[] cell = daily.computeIfAbsent(f.get(3), k -> new TreeMap<>()).computeIfAbsent(day,
          k -> new double[2]);
        int quantity = Integer.parseInt(f.get(5));
        cell[0] += quantity;
        cell[1] += quantity * Double.parseDouble(f.get(6));
      }
    }
    Map<UUID, DemandHistory> histories = new LinkedHashMap<>();
    Map<UUID, double[]> actual = new HashMap<>();
    LocalDate first = cut.minusDays(settings.forecastHistoryDays());
    for (Map.Entry<String, TreeMap<LocalDate, double[]>> sku : daily.entrySet()) {
      var before = sku.getValue().subMap(first, cut);
      if (before.isEmpty()) {
        continue;
      }
      UUID id = UUID.nameUUIDFromBytes(sku.getKey().getBytes(StandardCharsets.UTF_8));
      LocalDate start = before.firstKey();
      double[] units = new double[(int) ChronoUnit.DAYS.between(start, cut)];
      double[] price = new double[units.length];
      java.util.Arrays.fill(price, Double.NaN);
      before.forEach((day, cell) -> {
        int i = (int) ChronoUnit.DAYS.between(start, day);
        units[i] = cell[0];
        price[i] = cell[1] / cell[0];
      });
      histories.put(id, new DemandHistory(id, units, price, before.size()));
      double[] after = new double[horizon];
      sku.getValue().subMap(cut, end).forEach((day, cell) -> after[(int) ChronoUnit.DAYS.between(cut, day)] = cell[0]);
      actual.put(id, after);
    }
    long started = System.nanoTime();
    Map<Integer, Map<UUID, double[]>> global = DemandForecasts.globalForecasts(histories, cut, settings);
    System.out.printf("global model: %d ms, %d SKUs%n", (System.nanoTime() - started) / 1_000_000,
      histories.size());
    Map<String, double[]> totals = new TreeMap<>();
    Map<String, Double> mase = new TreeMap<>();
    Map<String, Integer> chosen = new TreeMap<>();
    double[] totalActual = new double[horizon];
    int scored = 0;
    for (DemandHistory history : histories.values()) {
      if (history.saleDays() < 10 || history.days() < settings.forecastMinHistoryDays()) {
        continue;
      }
      Forecaster.GlobalForecasts own = daysBack -> global.getOrDefault(daysBack, Map.of()).get(history.sku());
      double[] y = history.units();
      Forecaster.Forecast auto = Forecaster.forecast(y, horizon, null, settings.forecastBacktestFolds(),
        settings.forecastBacktestDays(), own);
      Map<String, double[]> variants = new LinkedHashMap<>();
      variants.put("chosen", auto.units());
      Map<Method, double[]> each = new EnumMap<>(Method.class);
      for (Method m : Method.values()) {
        each.put(m, m == Method.GRADIENT_BOOSTED_TREES ? (own.from(0) == null ? null
          : java.util.Arrays.copyOf(own.from(0), horizon)) : Forecaster.run(m, y, horizon));
        if (each.get(m) != null) {
          variants.put(m.wire(), clip(each.get(m)));
        }
      }
      variants.put("chosen_by_mase", clip(each.get(best(auto, true))));
      variants.put("chosen_no_margin", clip(each.get(best(auto, false))));
      List<Method> ranked = new ArrayList<>(auto.candidates().keySet());
      ranked.sort(java.util.Comparator.comparingDouble(m -> auto.candidates().get(m).rmsse()));
      variants.put("mean_top2_rmsse", mean(each, ranked.subList(0, Math.min(2, ranked.size())), horizon));
      variants.put("mean_all_candidates", mean(each, ranked, horizon));
      ranked.sort(java.util.Comparator.comparingDouble(m -> auto.candidates().get(m).mase()));
      variants.put("mean_top2_mase", mean(each, ranked.subList(0, Math.min(2, ranked.size())), horizon));
      chosen.merge(auto.method().wire(), 1, Integer::sum);
      double s = Forecaster.scale(y, 1);
      double[] truth = actual.get(history.sku());
      for (Map.Entry<String, double[]> v : variants.entrySet()) {
        double abs = 0;
        double[] total = totals.computeIfAbsent(v.getKey(), k -> new double[horizon]);
        for (int k = 0; k < horizon; k++) {
          abs += Math.abs(truth[k] - v.getValue()[k]);
          total[k] += v.getValue()[k];
        }
        mase.merge(v.getKey(), abs / horizon / s, Double::sum);
      }
      for (int k = 0; k < horizon; k++) {
        totalActual[k] += truth[k];
      }
      scored++;
    }
    double sum = java.util.Arrays.stream(totalActual).sum();
    System.out.printf("SKUs scored %d, chosen %s%n", scored, chosen);
    for (String v : mase.keySet()) {
      double wape = 0;
      for (int k = 0; k < horizon; k++) {
        wape += Math.abs(totals.get(v)[k] - totalActual[k]);
      }
      System.out.printf("%-24s mean MASE %.4f  WAPE %.4f%n", v, mase.get(v) / scored, wape / sum);
    }
  }

  private static Method best(Forecaster.Forecast auto, boolean byMase) {
    Method best = null;
    for (Map.Entry<Method, Forecaster.Score> e : auto.candidates().entrySet()) {
      double v = byMase ? e.getValue().mase() : e.getValue().rmsse();
      if (best == null || v < (byMase ? auto.candidates().get(best).mase() : auto.candidates().get(best).rmsse())) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static double[] mean(Map<Method, double[]> each, List<Method> methods, int horizon) {
    double[] out = new double[horizon];
    for (Method m : methods) {
      for (int k = 0; k < horizon; k++) {
        out[k] += Math.max(0, each.get(m)[k]) / methods.size();
      }
    }
    return out;
  }

  private static double[] clip(double[] f) {
    double[] out = f.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, out[i]);
    }
    return out;
  }

  /** One CSV line's fields (RFC 4180 quoting, as the converter writes them), read by Jackson's CSV reader. */
  static List<String> fields(String line) throws java.io.IOException {
    return List.of(CSV_LINE.<String[]>readValue(line));
  }

  private static final com.fasterxml.jackson.databind.ObjectReader CSV_LINE = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
    .readerFor(String[].class);
}
