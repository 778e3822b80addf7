package io.surge.predictions;

import io.surge.http.ApiException;
import io.vertx.ext.web.RoutingContext;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Query parameters of the predictions' routes: a day ({@code YYYY-MM-DD}) and a whole number in a range. */
public final class DayParameter {

  /** The earliest and latest days accepted: the history a shop can have, and not far beyond. */
  static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
  static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

  private DayParameter() {
  }

  /** The day in {@code name}, or null when absent; 400 naming it when it is no day. */
  public static LocalDate optional(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    LocalDate day;
    try {
      day = LocalDate.parse(raw);
    } catch (DateTimeException e) {
      throw ApiException.invalidParameter(name, "format", name + " must be a day as YYYY-MM-DD.");
    }
    if (day.isBefore(EARLIEST) || day.isAfter(LATEST)) {
      throw ApiException.invalidParameter(name, "range", name + " must be between " + EARLIEST + " and " + LATEST
        + ".");
    }
    return day;
  }

  /** The whole number in {@code name}, {@code fallback} when absent; 400 naming it outside {@code min..max}. */
  public static int number(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      value = min - 1;
    }
    if (value < min || value > max) {
      throw ApiException.invalidParameter(name, "range", name + " must be a whole number from " + min + " to " + max
        + ".");
    }
    return value;
  }
}
