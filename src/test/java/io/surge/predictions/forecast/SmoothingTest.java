package io.surge.predictions.forecast;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written recursions against values computed by hand, and the back-test's choices on planted series. */
class SmoothingTest {

  private static final double EPS = 1e-9;

  @Test
  @DisplayName("seasonal naive repeats the last week's same weekday")
  void seasonalNaive() {
    double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    assertArrayEquals(new double[] {8, 9, 10, 11, 12, 13, 14, 8, 9}, Smoothing.seasonalNaive(y, 9), EPS);
  }

  @Test
  @DisplayName("TSB: probability and size move by beta and alpha; one-step errors summed (hand-computed)")
  void tsb() {
    // p0 = 2/4 = 0.5, z0 = 3; day 1 (0): f 1.5, p 0.25; day 2 (2): f 0.75, p 0.625, z 2.5;
    // day 3 (0): f 1.5625, p 0.3125; day 4 (4): f 0.78125, p 0.65625, z 3.25
    Smoothing.Tsb fitted = Smoothing.tsb(new double[] {0, 2, 0, 4}, 0.5, 0.5);
    assertEquals(0.65625, fitted.probability(), EPS);
    assertEquals(3.25, fitted.size(), EPS);
    assertEquals(2.25 + 1.5625 + 2.44140625 + 10.3603515625, fitted.sse(), EPS);
    assertEquals(0.65625 * 3.25, fitted.daily(), EPS);
  }

  @Test
  @DisplayName("damped Holt-Winters: level, trend, season and forecasts match the textbook recursions")
  void holtWinters() {
    double[] y = {1, 2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6, 7, 8, 10};
    // with nothing learned (alpha = beta = gamma = 0, phi = 1) the initial state runs on: level 4 + 8 steps of 1/7
    Smoothing.HoltWinters still = Smoothing.holtWinters(y, 0, 0, 0, 1);
    assertEquals(4 + 8.0 / 7, still.level(), EPS);
    assertEquals(1.0 / 7, still.trend(), EPS);
    assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, still.season(), EPS);
    assertEquals(4 + 9.0 / 7 - 2, still.forecast(1)[0], EPS); // day 15 is weekday index 1
    // alpha 0.5, beta 0.2, gamma 0.3, phi 0.9: the same recursions worked through outside Java
    Smoothing.HoltWinters learned = Smoothing.holtWinters(y, 0.5, 0.2, 0.3, 0.9);
    assertEquals(8.937418849926274, learned.level(), 1e-9);
    assertEquals(0.8069499750625855, learned.trend(), 1e-9);
    assertEquals(58.79831060705475, learned.sse(), 1e-9);
    assertArrayEquals(new double[] {7.73614525605403, 9.294598021569008}, learned.forecast(2), 1e-9);
  }

  @Test
  @DisplayName("a planted weekly pattern is chosen and forecast with its pattern; it beats a flat line in the back-test")
  void weeklyPattern() {
    double[] y = new double[12 * 7];
    Random random = new Random(7);
    for (int t = 0; t < y.length; t++) {
      y[t] = (t % 7 >= 5 ? 20 : 4) + random.nextInt(3);
    }
    Forecaster.Forecast forecast = Forecaster.forecast(y, 14, null, 3, 28);
    assertTrue(forecast.method() != Method.CROSTON_TSB, forecast::toString);
    assertTrue(forecast.mase() < forecast.candidates().get(Method.CROSTON_TSB).mase(), forecast.candidates()::toString);
    for (int k = 0; k < 14; k++) {
      boolean weekend = (y.length + k) % 7 >= 5;
      assertTrue(weekend ? forecast.units()[k] > 15 : forecast.units()[k] < 9, Arrays.toString(forecast.units()));
      assertTrue(forecast.low()[k] <= forecast.units()[k] && forecast.units()[k] <= forecast.high()[k]);
    }
  }

  @Test
  @DisplayName("an intermittent seller gets a flat rate (TSB, or the weekly median), not a wiggly line")
  void intermittent() {
    double[] y = new double[120];
    Random random = new Random(11);
    for (int t = 0; t < y.length; t++) {
      y[t] = random.nextDouble() < 0.15 ? 1 + random.nextInt(3) : 0;
    }
    Forecaster.Forecast forecast = Forecaster.forecast(y, 28, null, 3, 28);
    assertTrue(List.of(Method.CROSTON_TSB, Method.WEEKLY_MEDIAN).contains(forecast.method()),
      forecast.candidates()::toString);
    double[] selling = Arrays.stream(forecast.units()).filter(u -> u > 0).distinct().toArray();
    assertEquals(1, selling.length, Arrays.toString(forecast.units()));
    assertTrue(selling[0] > 0.05 && selling[0] < 1, Arrays.toString(forecast.units()));
  }

  @Test
  @DisplayName("a seller with most recent weeks empty gets TSB's flat rate, not the weekly median's zero")
  void rareSellerGetsTsb() {
    double[] y = new double[16 * 7];
    for (int week = 0; week < 16; week++) {
      y[week * 7 + 2] = week % 3 == 0 ? 4 : 0; // a sale every third week
    }
    assertEquals(0, WeeklyMedian.rate(y), EPS);
    Forecaster.Forecast forecast = Forecaster.forecast(y, 14, null, 3, 28);
    assertEquals(Method.CROSTON_TSB, forecast.method(), forecast.candidates()::toString);
    assertTrue(forecast.units()[0] > 0, Arrays.toString(forecast.units()));
  }

  @Test
  @DisplayName("the weekly median: the median week's units spread over the weekdays the SKU sells on")
  void weeklyMedian() {
    double[] y = new double[4 * 7];
    for (int week = 0; week < 4; week++) {
      y[week * 7] = 2;
      y[week * 7 + 3] = week == 1 ? 40 : 4; // one bulk order does not move a median
    }
    assertEquals(6.0 / 7, WeeklyMedian.rate(y), EPS);
    double[] f = WeeklyMedian.forecast(y, 8);
    // days 28.. have the weekdays of days 0..: it sells on offsets 0 and 3 only, 6 units a week, 3 each
    assertArrayEquals(new double[] {3, 0, 0, 3, 0, 0, 0, 3}, f, EPS);
  }

  @Test
  @DisplayName("MASE's scale and percentiles")
  void scaleAndPercentile() {
    assertEquals(2.0, Forecaster.scale(new double[] {0, 0, 0, 0, 0, 0, 0, 2, 2}, 1), EPS);
    assertEquals(1.0, Forecaster.scale(new double[] {0, 0, 0}, 1), EPS);
    assertEquals(4.0, Forecaster.scale(new double[] {0, 0, 0, 0, 0, 0, 0, 2, 2}, 2), EPS);
    assertEquals(1.5, Forecaster.percentile(new double[] {1, 2, 3}, 0.25), EPS);
  }
}
