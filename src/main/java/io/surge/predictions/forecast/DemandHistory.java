package io.surge.predictions.forecast;

import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SKU's daily units from its first sale day to the day before the cutoff, days without a sale as zero (days
 * before its first sale are not history: it may not have been on sale).
 */
record DemandHistory(UUID sku, double[] units, int saleDays) {

  int days() {
    return units.length;
  }

  /** Rows of (sku_id, day, units) sorted by SKU and day, each SKU's history up to the day before {@code cutoff}. */
  static Map<UUID, DemandHistory> of(Iterable<Row> rows, LocalDate cutoff) {
    Map<UUID, List<Row>> bySku = new LinkedHashMap<>();
    for (Row row : rows) {
      bySku.computeIfAbsent(row.getUUID("sku_id"), k -> new ArrayList<>()).add(row);
    }
    Map<UUID, DemandHistory> histories = new LinkedHashMap<>();
    bySku.forEach((sku, days) -> {
      LocalDate first = days.get(0).getLocalDate("day");
      double[] units = new double[(int) ChronoUnit.DAYS.between(first, cutoff)];
      for (Row day : days) {
        units[(int) ChronoUnit.DAYS.between(first, day.getLocalDate("day"))] = day.getLong("units");
      }
      histories.put(sku, new DemandHistory(sku, units, days.size()));
    });
    return histories;
  }
}
