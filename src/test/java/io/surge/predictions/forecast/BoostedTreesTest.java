package io.surge.predictions.forecast;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The global model on generated shops: a weekly pattern shared by all SKUs is learned and wins the back-test of a
 * short, sparse seller whose own history is too thin to show it; the 80% interval widens with the horizon.
 */
class BoostedTreesTest {

  private static final LocalDate CUTOFF = LocalDate.of(2026, 3, 2); // a Monday
  private static final BoostedTrees.Settings SETTINGS = new BoostedTrees.Settings(60, 4, 0.2, 200_000, 1);
  private static final int FOLDS = 3;
  private static final int BACKTEST = 28;

  /** Saturdays and Sundays sell four times a weekday; the day before the cutoff is day days - 1. */
  private static double weekly(int days, int t) {
    DayOfWeek dow = CUTOFF.minusDays(days - t).getDayOfWeek();
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 4 : 1;
  }

  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  private static DemandHistory seller(Random random, int days, double level) {
    double[] units = new double[days];
    for (int t = 0; t < days; t++) {
      units[t] = poisson(random, level * weekly(days, t));
    }
    units[0] = Math.max(1, units[0]); // a history starts on its first sale day
    return new DemandHistory(UUID.randomUUID(), units);
  }

  @Test
  @DisplayName("a weekly pattern shared by all SKUs is learned and chosen for a short sparse seller that cannot show it")
  void sharedPatternWins() throws Exception {
    Random random = new Random(5);
    List<DemandHistory> shop = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      shop.add(seller(random, 140, 1 + i % 10));
    }
    DemandHistory sparse = seller(random, 63, 0.3);
    shop.add(sparse);
    Map<Integer, Map<UUID, double[]>> global = new java.util.TreeMap<>();
    for (int k = FOLDS; k >= 1; k--) {
      global.put(k * BACKTEST, BoostedTrees.forecast(shop, CUTOFF, k * BACKTEST, BACKTEST, SETTINGS));
    }
    global.put(0, BoostedTrees.forecast(shop, CUTOFF, 0, 56, SETTINGS));

    double[] own = global.get(0).get(sparse.sku());
    assertNotNull(own);
    double weekend = 0;
    double weekday = 0;
    for (int k = 0; k < 56; k++) {
      if (weekly(0, k) > 1) {
        weekend += own[k] / 16;
      } else {
        weekday += own[k] / 40;
      }
    }
    // planted: 1.2 units on a weekend day, 0.3 on a weekday
    assertTrue(weekend > 2.5 * weekday && weekend > 0.6 && weekend < 2, weekend + " vs " + weekday);

    Forecaster.Forecast forecast = Forecaster.forecast(sparse.units(), 28, null, FOLDS, BACKTEST,
      daysBack -> global.getOrDefault(daysBack, Map.of()).get(sparse.sku()));
    assertEquals(Method.GRADIENT_BOOSTED_TREES, forecast.method(), forecast.candidates()::toString);
    for (Map.Entry<Method, Forecaster.Score> other : forecast.candidates().entrySet()) {
      assertTrue(forecast.score().rmsse() <= other.getValue().rmsse(), forecast.candidates()::toString);
    }
    assertTrue(Arrays.stream(forecast.units()).distinct().count() > 1, Arrays.toString(forecast.units()));

    // without the global model the same SKU gets a per-SKU method
    Forecaster.Forecast local = Forecaster.forecast(sparse.units(), 28, null, FOLDS, BACKTEST);
    assertTrue(local.method() != Method.GRADIENT_BOOSTED_TREES, local::toString);
    assertTrue(!local.candidates().containsKey(Method.GRADIENT_BOOSTED_TREES), local.candidates()::toString);
  }

  @Test
  @DisplayName("the global model forecasts only SKUs with days before the origin, and learns nothing after it")
  void noHistoryAfterOrigin() throws Exception {
    Random random = new Random(9);
    List<DemandHistory> shop = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      shop.add(seller(random, 100, 2));
    }
    DemandHistory late = seller(random, 20, 2); // first sold 20 days before the cutoff
    shop.add(late);
    Map<UUID, double[]> fold = BoostedTrees.forecast(shop, CUTOFF, 28, 28, SETTINGS);
    assertEquals(10, fold.size());
    assertTrue(!fold.containsKey(late.sku()));
    // a surge after the origin does not move the forecast from before it
    DemandHistory first = shop.get(0);
    double[] surged = first.units().clone();
    Arrays.fill(surged, 100 - 28, 100, 500);
    List<DemandHistory> changed = new ArrayList<>(shop);
    changed.set(0, new DemandHistory(first.sku(), surged));
    assertTrue(Arrays.equals(fold.get(first.sku()),
      BoostedTrees.forecast(changed, CUTOFF, 28, 28, SETTINGS).get(first.sku())));
  }

  @Test
  @DisplayName("the 80% interval widens with the horizon: never narrower a day later, wider at day 120 than day 1")
  void intervalWidens() {
    Random random = new Random(13);
    double[] y = new double[140];
    for (int t = 0; t < y.length; t++) {
      y[t] = 100 + 3 * random.nextGaussian(); // far from 0: no interval clipped at zero units
    }
    Forecaster.Forecast forecast = Forecaster.forecast(y, 120, Method.SEASONAL_NAIVE, FOLDS, BACKTEST);
    double previous = 0;
    for (int k = 0; k < 120; k++) {
      double width = forecast.high()[k] - forecast.low()[k];
      assertTrue(width >= previous - 1e-9, "day " + k + ": " + width + " < " + previous);
      previous = width;
    }
    double first = forecast.high()[0] - forecast.low()[0];
    assertTrue(first > 0, "no interval on day 1");
    assertTrue(previous > 2 * first, first + " then " + previous);

    // band: weekly percentiles of the back-test errors, then the square root of the horizon
    double[] errors = new double[28];
    for (int i = 0; i < 28; i++) {
      errors[i] = (i % 2 == 0 ? 1 : -1) * (1 + i / 7); // week w: errors of +-(w + 1)
    }
    double[][] band = Forecaster.band(List.of(errors), 28, 112);
    assertEquals(-1.0, band[0][0], 1e-9); // 10th percentile of {-1, -1, -1, 1, 1, 1, 1}
    assertEquals(4.0, band[1][27], 1e-9);
    assertEquals(4.0 * 2, band[1][111], 1e-9); // day 112 = 4 x 28: twice day 28's
  }
}
