package io.surge.http;

import io.vertx.ext.web.RoutingContext;

/** Strong ETags from row versions; updates compare {@code If-Match} with the row version in SQL. */
public final class ETags {

  private ETags() {
  }

  public static String of(int version) {
    return "\"" + version + "\"";
  }

  /** The version named by {@code If-Match}, or null when the client sent none. */
  public static Integer expectedVersion(RoutingContext ctx) {
    return expectedVersion(ctx.request().getHeader("If-Match"));
  }

  static Integer expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.trim())) {
      return null;
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    tag = tag.replace("\"", "");
    try {
      return Integer.parseInt(tag);
    } catch (NumberFormatException e) {
      return -1; // matches no version: the update answers 412
    }
  }

  /**
   * Refuses an update with 412 when {@code If-Match} named another version than the stored one. The
   * header is optional in the API, so without one the update goes ahead (no 428). Thrown, so that a
   * check inside a {@code compose} step fails the chain (and rolls back its transaction).
   */
  public static void requireCurrent(Integer expected, int current, String detail) {
    if (expected != null && expected.intValue() != current) {
      throw ApiException.preconditionFailed(detail);
    }
  }
}
