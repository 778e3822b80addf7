package io.surge.catalog.search;

import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** Maps search rows to the API's JSON. Money is integer minor units plus the currency. */
final class SearchJson {

  /** Price facet buckets in minor units: [min, max) with null for an open end; index = width_bucket. */
  private static final Long[][] PRICE_BUCKETS = {
    {null, 1000L}, {1000L, 2500L}, {2500L, 5000L}, {5000L, 10000L}, {10000L, null}};

  private SearchJson() {
  }

  static JsonObject hit(Row row) {
    Long price = row.getLong("price_from");
    String image = row.getString("image_key");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("slug", row.getString("slug"))
      .put("title", row.getString("title"))
      .put("brand", row.getString("brand"))
      .put("price_from", Money.jsonOrNull(price, row.getString("currency")))
      .put("highlight", new JsonObject()
        .put("title", row.getString("title_highlight"))
        .put("description", row.getString("description_highlight")))
      .put("image_url", image == null ? null : "/media/" + image)
      .put("score", row.getValue("score").toString());
  }

  /** The cursor: the last item's (score, id), exactly as the page statement compares them. */
  static JsonArray sortKey(JsonObject item) {
    return new JsonArray().add(item.getString("score")).add(item.getString("id"));
  }

  static JsonObject facets(RowSet<Row> rows) {
    JsonArray categories = new JsonArray();
    JsonArray brands = new JsonArray();
    JsonArray prices = new JsonArray();
    JsonObject attributes = new JsonObject();
    long total = 0;
    boolean exact = true;
    for (Row row : rows) {
      String key = row.getString("key");
      long count = row.getLong("n");
      switch (row.getString("facet")) {
        case "total" -> total = count;
        case "exact" -> exact = count == 1;
        case "category" -> categories.add(new JsonObject().put("id", key).put("slug", row.getString("slug"))
          .put("name", row.getString("label")).put("parent_id", row.getString("parent")).put("count", count));
        case "brand" -> brands.add(new JsonObject().put("value", key).put("count", count));
        case "price" -> prices.add(priceBucket(Integer.parseInt(key), count));
        default -> {
          JsonArray values = attributes.getJsonArray(key);
          if (values == null) {
            values = new JsonArray();
            attributes.put(key, values);
          }
          values.add(new JsonObject().put("value", row.getString("label")).put("count", count));
        }
      }
    }
    return new JsonObject().put("total", total).put("exact", exact)
      .put("categories", sorted(categories)).put("brands", sorted(brands))
      .put("price", sortedBy(prices, "min")).put("attributes", attributes);
  }

  private static JsonObject priceBucket(int bucket, long count) {
    Long[] range = PRICE_BUCKETS[bucket];
    return new JsonObject().put("min", range[0]).put("max", range[1]).put("count", count);
  }

  /** Biggest count first, then by name, so the answer is the same every time. */
  private static JsonArray sorted(JsonArray facet) {
    return new JsonArray(facet.stream().map(JsonObject.class::cast)
      .sorted((a, b) -> {
        int byCount = Long.compare(b.getLong("count"), a.getLong("count"));
        String nameA = a.containsKey("name") ? a.getString("name") : a.getString("value");
        String nameB = b.containsKey("name") ? b.getString("name") : b.getString("value");
        return byCount != 0 ? byCount : nameA.compareTo(nameB);
      })
      .map(Object.class::cast).toList());
  }

  private static JsonArray sortedBy(JsonArray facet, String field) {
    return new JsonArray(facet.stream().map(JsonObject.class::cast)
      .sorted((a, b) -> a.getLong(field) == null ? -1 : b.getLong(field) == null ? 1
        : Long.compare(a.getLong(field), b.getLong(field)))
      .map(Object.class::cast).toList());
  }
}
