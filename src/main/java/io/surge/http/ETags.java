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
    String ifMatch = ctx.request().getHeader("If-Match");
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
}
