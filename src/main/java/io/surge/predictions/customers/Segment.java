package io.surge.predictions.customers;

import java.util.Locale;

/**
 * RFM-style segments a merchant plans campaigns by, from recency, frequency and tenure at the scoring date; the
 * first that fits wins: {@code new} (first order in the last 30 days), {@code champions} (ordered in the last 30 days,
 * at least 4 orders), {@code loyal} (ordered in the last 90 days, at least 2 orders), {@code at_risk} (at least 2
 * orders, the last over 90 days ago), {@code hibernating} (everyone else: one order, over 30 days ago, or none that
 * stands).
 */
enum Segment {
  NEW, CHAMPIONS, LOYAL, AT_RISK, HIBERNATING;

  static Segment of(double[] features) {
    double recency = features[CustomerFeatures.RECENCY];
    double orders = features[CustomerFeatures.ORDERS];
    if (features[CustomerFeatures.TENURE] <= 30) {
      return NEW;
    }
    if (recency <= 30 && orders >= 4) {
      return CHAMPIONS;
    }
    if (recency <= 90 && orders >= 2) {
      return LOYAL;
    }
    if (orders >= 2) {
      return AT_RISK;
    }
    return HIBERNATING;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The segment named in a request, or null when the name is none of them. */
  static Segment parse(String wire) {
    for (Segment segment : values()) {
      if (segment.wire().equals(wire)) {
        return segment;
      }
    }
    return null;
  }
}
