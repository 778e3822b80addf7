package io.surge.predictions.forecast;

import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SKU's daily units from its first sale day to the day before the cutoff, days without a sale as zero (days
 * before its first sale are not history: it may not have been on sale), and the mean unit price paid on each sale
 * day (NaN on days without a sale).
 */
record DemandHistory(UUID sku, double[] units, double[] price, int saleDays) {

  /** A history without prices (the per-SKU methods do not use them). */
  DemandHistory(UUID sku, double[] units) {
    this(sku, units, nanPrices(units.length), (int) Arrays.stream(units).filter(v -> v > 0).count());
  }

  int days() {
    return units.length;
  }

  private static double[] nanPrices(int days) {
    double[] price = new double[days];
    Arrays.fill(price, Double.NaN);
    return price;
  }

  /**
   * Rows of (sku_id, day, units, price) sorted by SKU and day, each SKU's history up to the day before
   * {@code cutoff}.
   */
  static Map<UUID, DemandHistory> of(Iterable<Row> rows, LocalDate cutoff) {
    Map<UUID, List<Row>> bySku = new LinkedHashMap<>();
    for (Row row : rows) {
      bySku.computeIfAbsent(row.getUUID("sku_id"), k -> new ArrayList<>()).add(row);
    }
    Map<UUID, DemandHistory> histories = new LinkedHashMap<>();
    bySku.forEach((sku, days) -> {
      LocalDate first = days.get(0).getLocalDate("day");
      double[] units = new double[(int) ChronoUnit.DAYS.between(first, cutoff)];
      double[] price = nanPrices(units.length);
      for (Row day : days) {
        int i = (int) ChronoUnit.DAYS.between(first, day.getLocalDate("day"));
        units[i] = day.getLong("units");
        Double paid = day.getDouble("price");
        price[i] = paid == null ? Double.NaN : paid;
      }
      histories.put(sku, new DemandHistory(sku, units, price, days.size()));
    });
    return histories;
  }
}
