package io.surge.reviews;

/** Every SQL statement of the reviews domain. */
final class ReviewSql {

  private ReviewSql() {
  }

  static final String COLUMNS = "r.id, r.product_id, r.user_id, r.rating, r.title, r.body, r.status, r.moderation_reason, "
    + "r.moderated_at, r.helpful_count, r.version, r.created_at, r.updated_at, u.display_name AS author";

  static final String PRODUCT_STATUS = "SELECT status FROM products WHERE id = $1";
  static final String PRODUCT_BY_SLUG = "SELECT id FROM products WHERE slug = $1";
  /** Verified purchase: a delivered or completed order of this customer holds a SKU of the product. */
  static final String VERIFIED_BUYER = """
    SELECT EXISTS (SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                    WHERE o.user_id = $1 AND l.product_id = $2 AND o.status IN ('delivered', 'completed'))""";
  /** One review per customer and product: writing again replaces the first, which is screened again. */
  static final String UPSERT = """
    WITH written AS (
      INSERT INTO reviews AS r (product_id, user_id, rating, title, body, status, moderation_reason)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (product_id, user_id) DO UPDATE SET rating = EXCLUDED.rating, title = EXCLUDED.title,
        body = EXCLUDED.body, moderated_at = NULL, moderated_by = NULL,
        -- a review a moderator rejected goes back to a moderator, whatever the screen says
        status = CASE WHEN r.status = 'rejected' THEN 'pending' ELSE EXCLUDED.status END,
        moderation_reason = CASE WHEN r.status = 'rejected'
          THEN coalesce(EXCLUDED.moderation_reason, 'edited after it was rejected') ELSE EXCLUDED.moderation_reason END,
        version = r.version + 1, updated_at = now()
      RETURNING r.*, (xmax = 0) AS inserted)
    SELECT r.id, r.product_id, r.user_id, r.rating, r.title, r.body, r.status, r.moderation_reason, r.moderated_at,
           r.helpful_count, r.version, r.created_at, r.updated_at, r.inserted, u.display_name AS author
      FROM written r JOIN users u ON u.id = r.user_id""";
  static final String MINE = "SELECT " + COLUMNS + " FROM reviews r JOIN users u ON u.id = r.user_id "
    + "WHERE r.product_id = $1 AND r.user_id = $2";
  static final String FIND = "SELECT " + COLUMNS + " FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.id = $1";
  static final String LOCK = FIND + " FOR UPDATE OF r";
  static final String MODERATE = """
    UPDATE reviews SET status = $2, moderation_reason = coalesce($3, moderation_reason), moderated_by = $4,
           moderated_at = now(), version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING version""";

  /** Published reviews of a product; $2 rating filter or null; $3/$4 keyset; $5 limit. */
  static final String NEWEST = "SELECT " + COLUMNS + " FROM reviews r JOIN users u ON u.id = r.user_id "
    + "WHERE r.product_id = $1 AND r.status = 'published' AND ($2::smallint IS NULL OR r.rating = $2) "
    + "AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3, $4::uuid)) "
    + "ORDER BY r.created_at DESC, r.id DESC LIMIT $5";
  /** Most helpful first; $3/$4/$5 keyset (helpful_count, created_at, id); $6 limit. */
  static final String MOST_HELPFUL = "SELECT " + COLUMNS + " FROM reviews r JOIN users u ON u.id = r.user_id "
    + "WHERE r.product_id = $1 AND r.status = 'published' AND ($2::smallint IS NULL OR r.rating = $2) "
    + "AND ($3::int IS NULL OR (r.helpful_count, r.created_at, r.id) < ($3, $4::timestamptz, $5::uuid)) "
    + "ORDER BY r.helpful_count DESC, r.created_at DESC, r.id DESC LIMIT $6";
  /** The moderation queue, oldest first; $1 status; $2/$3 keyset; $4 limit. */
  static final String QUEUE = "SELECT " + COLUMNS + " FROM reviews r JOIN users u ON u.id = r.user_id "
    + "WHERE r.status = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) > ($2, $3::uuid)) "
    + "ORDER BY r.created_at, r.id LIMIT $4";

  static final String PUBLISHED_REVIEW = "SELECT user_id FROM reviews WHERE id = $1 AND product_id = $2 AND status = 'published'";
  static final String ADD_VOTE = "INSERT INTO review_votes (review_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  static final String REMOVE_VOTE = "DELETE FROM review_votes WHERE review_id = $1 AND user_id = $2";
  static final String COUNT_VOTE = "UPDATE reviews SET helpful_count = helpful_count + $2 WHERE id = $1 RETURNING helpful_count";
  static final String HELPFUL_COUNT = "SELECT helpful_count FROM reviews WHERE id = $1";

  /**
   * The customer's reviews for their data export. Erasure changes no review: the author is shown by the display name
   * the users domain replaces ("Deleted customer"); rating and text stay, as they are about the product.
   */
  static final String EXPORT = """
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'product_id', r.product_id, 'rating', r.rating,
             'title', r.title, 'body', r.body, 'status', r.status, 'helpful_count', r.helpful_count,
             'created_at', r.created_at, 'updated_at', r.updated_at) ORDER BY r.created_at, r.id), '[]') AS reviews
    FROM reviews r WHERE r.user_id = $1""";
}
