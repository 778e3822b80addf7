package io.surge.reviews;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * A product's rating summary over its published reviews: {@code {"average": 4.25, "count": 8,
 * "stars": {"1": 0, ..., "5": 4}}}. Kept in {@code product_ratings}, rewritten in the transaction that
 * publishes, unpublishes or changes a review; shown on the product page and with the review list.
 */
public final class RatingSummary {

  public static final String FIND = "SELECT review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5 "
    + "FROM product_ratings WHERE product_id = $1";
  /** The product's status with its summary (columns null when nobody reviewed it yet), in one round trip. */
  static final String WITH_PRODUCT = "SELECT p.status, r.review_count, r.rating_sum, r.stars_1, r.stars_2, r.stars_3, "
    + "r.stars_4, r.stars_5 FROM products p LEFT JOIN product_ratings r ON r.product_id = p.id WHERE p.id = $1";
  /** Recounted from the reviews (not incremented), so it cannot drift; run under the product's row lock. */
  static final String RECOUNT = """
    INSERT INTO product_ratings AS r (product_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    SELECT $1, count(*), coalesce(sum(rating), 0), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
           count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
      FROM reviews WHERE product_id = $1 AND status = 'published'
    ON CONFLICT (product_id) DO UPDATE SET review_count = EXCLUDED.review_count, rating_sum = EXCLUDED.rating_sum,
      stars_1 = EXCLUDED.stars_1, stars_2 = EXCLUDED.stars_2, stars_3 = EXCLUDED.stars_3, stars_4 = EXCLUDED.stars_4,
      stars_5 = EXCLUDED.stars_5
    RETURNING review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5""";

  private RatingSummary() {
  }

  /** The summary from {@link #FIND}'s rows; a product nobody reviewed yet has count 0 and no average. */
  public static JsonObject json(RowSet<Row> rows) {
    return json(rows.size() == 0 ? (Row) null : rows.iterator().next());
  }

  static JsonObject json(Row row) {
    boolean none = row == null || row.getInteger("review_count") == null;
    JsonObject stars = new JsonObject();
    int count = none ? 0 : row.getInteger("review_count");
    for (int star = 1; star <= 5; star++) {
      stars.put(Integer.toString(star), none ? 0 : row.getInteger("stars_" + star));
    }
    Double average = count == 0 ? null : Math.round(row.getInteger("rating_sum") * 100.0 / count) / 100.0;
    return new JsonObject().put("average", average).put("count", count).put("stars", stars);
  }
}
