package io.surge.catalog.search;

import io.surge.http.ApiException;
import io.surge.http.PageRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import java.util.List;
import java.util.UUID;

/**
 * A search as the client asked for it. Attribute filters are grouped by name: values of one name are
 * alternatives (colour red or blue), different names must all hold (red and size M).
 */
record SearchRequest(String q, PageRequest page, Numeric afterScore, UUID afterId, String category, String brand,
  Long priceMin, Long priceMax, JsonObject attributes) {

  static SearchRequest from(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Numeric afterScore = null;
    UUID afterId = null;
    if (page.after() != null) {
      try {
        afterScore = Numeric.parse(page.after().getString(0));
        afterId = UUID.fromString(page.after().getString(1));
      } catch (RuntimeException e) {
        throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
      }
      if (afterScore == null || afterScore.isNaN() || page.after().size() != 2) {
        throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
      }
    }
    Long min = longParam(ctx, "price_min");
    Long max = longParam(ctx, "price_max");
    if (min != null && max != null && min > max) {
      throw ApiException.invalidParameter("price_max", "range", "price_max must not be below price_min.");
    }
    return new SearchRequest(ctx.request().getParam("q").trim(), page, afterScore, afterId,
      blankToNull(ctx.request().getParam("category")), blankToNull(ctx.request().getParam("brand")),
      min, max, attributes(ctx.queryParam("attr")));
  }

  /** Parameters $1..$6 shared by the page and facet statements; $1 is the corrected query (a tsquery). */
  Tuple filters(String query) {
    return Tuple.of(query, category, brand, priceMin, priceMax, attributes);
  }

  boolean firstPage() {
    return afterId == null;
  }

  private static JsonObject attributes(List<String> params) {
    JsonObject byName = new JsonObject();
    for (String filter : params) {
      int colon = filter.indexOf(':');
      if (colon <= 0 || colon == filter.length() - 1) {
        throw ApiException.invalidParameter("attr", "format", "Attribute filters look like attr=colour:red.");
      }
      String name = filter.substring(0, colon).trim();
      JsonArray values = byName.getJsonArray(name);
      if (values == null) {
        values = new JsonArray();
        byName.put(name, values);
      }
      values.add(filter.substring(colon + 1).trim());
    }
    return byName;
  }

  private static Long longParam(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter(name, "type", name + " must be an integer amount in minor units.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
