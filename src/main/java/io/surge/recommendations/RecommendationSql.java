package io.surge.recommendations;

/**
 * Every SQL statement of the recommendations domain. Orders, order lines, products and SKUs are read here and
 * never written; the {@code recommendation_*} tables are written here only.
 */
final class RecommendationSql {

  private RecommendationSql() {
  }

  /** The order states that mean "bought" (paid, and not all money given back). Imported history is completed. */
  static final String BOUGHT = "('paid', 'shipped', 'delivered', 'completed', 'partially_refunded')";
  /**
   * The products of order {@code o}, read by the order-lines key. Why a lateral subquery with {@code OFFSET 0}
   * (which keeps the planner from folding it into a join): for a customer with a hundred orders, planned with their
   * id written in (as a prepared statement's first runs are), the planner scanned every order line in parallel
   * (0.4 s on the online-retail data); this way each of the customer's orders costs one index probe, whatever plan.
   */
  private static final String LINES_OF_ORDER = "(SELECT product_id FROM order_lines WHERE order_id = o.id OFFSET 0) l\n";

  /** Counting an order and recomputing everything exclude each other: a count waits for a recomputation. */
  static final long RECOMPUTE_LOCK = 0x5EC0_0001L;

  static final String SHARE_RECOMPUTE_LOCK = "SELECT pg_advisory_xact_lock_shared(" + RECOMPUTE_LOCK + ")";
  static final String HOLD_RECOMPUTE_LOCK = "SELECT pg_advisory_xact_lock(" + RECOMPUTE_LOCK + ")";
  static final String ORDER_IF_BOUGHT = "SELECT user_id FROM orders WHERE id = $1 AND status IN " + BOUGHT;
  /** One customer's orders are counted one at a time (their earlier purchases decide what is new). */
  static final String LOCK_CUSTOMER = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 13))";
  static final String MARK_COUNTED = "INSERT INTO recommendation_counted_orders (order_id, user_id) VALUES ($1, $2) "
    + "ON CONFLICT (order_id) DO NOTHING RETURNING order_id";
  /**
   * Adds one counted order ($1, customer $2): products new to the customer gain a buyer, and each new product
   * pairs once with every other product the customer has now bought (both directions).
   */
  static final String COUNT_ORDER = """
    WITH this AS (SELECT DISTINCT product_id FROM order_lines WHERE order_id = $1),
    earlier AS (SELECT DISTINCT l.product_id FROM order_lines l
                  JOIN recommendation_counted_orders c ON c.order_id = l.order_id
                 WHERE c.user_id = $2 AND c.order_id <> $1),
    fresh AS (SELECT product_id FROM this EXCEPT SELECT product_id FROM earlier),
    buyers AS (INSERT INTO recommendation_product_buyers (product_id, buyers) SELECT product_id, 1 FROM fresh
               ON CONFLICT (product_id) DO UPDATE SET buyers = recommendation_product_buyers.buyers + 1)
    INSERT INTO recommendation_pairs (product_id, other_id, customers)
    SELECT a, b, 1 FROM (
      SELECT f.product_id AS a, o.product_id AS b
        FROM fresh f CROSS JOIN (SELECT product_id FROM earlier UNION SELECT product_id FROM fresh) o
       WHERE o.product_id <> f.product_id
      UNION
      SELECT o.product_id, f.product_id FROM fresh f CROSS JOIN earlier o) pairs
    ON CONFLICT (product_id, other_id) DO UPDATE SET customers = recommendation_pairs.customers + 1""";

  static final String CLEAR_COUNTED = "DELETE FROM recommendation_counted_orders";
  static final String CLEAR_BUYERS = "DELETE FROM recommendation_product_buyers";
  static final String CLEAR_PAIRS = "DELETE FROM recommendation_pairs";
  static final String COUNT_ALL_ORDERS = "INSERT INTO recommendation_counted_orders (order_id, user_id) "
    + "SELECT id, user_id FROM orders WHERE status IN " + BOUGHT;
  static final String COUNT_ALL_BUYERS = """
    INSERT INTO recommendation_product_buyers (product_id, buyers)
    SELECT l.product_id, count(DISTINCT c.user_id) FROM order_lines l
      JOIN recommendation_counted_orders c ON c.order_id = l.order_id GROUP BY l.product_id""";
  /** Each counted customer's distinct products: the input of the in-memory pair count. */
  static final String COUNTED_PURCHASES = "SELECT c.user_id, l.product_id FROM order_lines l "
    + "JOIN recommendation_counted_orders c ON c.order_id = l.order_id GROUP BY c.user_id, l.product_id";
  static final String INSERT_PAIRS = "INSERT INTO recommendation_pairs (product_id, other_id, customers) "
    + "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])";

  /** Training input: each customer's distinct bought products, and when they last ordered each. */
  static final String PURCHASES = "SELECT o.user_id, l.product_id, max(o.created_at) AS last_at "
    + "FROM orders o JOIN order_lines l ON l.order_id = o.id "
    + "WHERE o.status IN " + BOUGHT + " GROUP BY o.user_id, l.product_id";
  /**
   * Per bought product what the personal list blends in: its title, when it first sold, its trending score
   * ($1: half-life in days; as {@link #TRENDING}) and the same with half-life $2 ({@code popular}), with the shop's
   * newest bought order.
   */
  static final String PRODUCT_SIGNALS = """
    WITH newest AS (SELECT max(created_at) AS at FROM orders WHERE status IN\s""" + BOUGHT + """
    )
    SELECT l.product_id, p.title, min(o.created_at) AS first_at, n.at AS newest,
           sum(exp(-ln(2) * extract(epoch FROM n.at - o.created_at) / ($1 * 86400))) AS trending,
           sum(exp(-ln(2) * extract(epoch FROM n.at - o.created_at) / ($2 * 86400))) AS popular
      FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
      CROSS JOIN newest n
     WHERE o.status IN\s""" + BOUGHT + """
     GROUP BY l.product_id, p.title, n.at""";
  /** Claims the training (a stale claim, from a process that died training, is taken over after an hour). */
  static final String CLAIM_TRAINING = """
    INSERT INTO recommendation_model AS m (id, state, started_at) VALUES (true, 'running', now())
    ON CONFLICT (id) DO UPDATE SET state = 'running', started_at = now()
     WHERE m.state = 'idle' OR m.started_at < now() - interval '1 hour'
    RETURNING started_at""";
  static final String CLEAR_FOR_YOU = "DELETE FROM recommendation_for_you";
  /** A customer's own list, for their data export (product ids as text, best first, with the model's scores). */
  static final String CUSTOMER_FOR_YOU = "SELECT product_ids::text[] AS product_ids, scores FROM recommendation_for_you "
    + "WHERE user_id = $1";
  static final String FORGET_CUSTOMER = "DELETE FROM recommendation_for_you WHERE user_id = $1";
  static final String INSERT_FOR_YOU = "INSERT INTO recommendation_for_you (user_id, product_ids, scores) "
    + "VALUES ($1, $2, $3)";
  static final String TRAINED = """
    UPDATE recommendation_model SET state = 'idle', trained_at = now(), snapshot_at = started_at,
           duration_ms = $1, users = $2, products = $3, memory_bytes = $4, lambda = $5, last_error = NULL""";
  static final String TRAINING_FAILED = "UPDATE recommendation_model SET state = 'idle', last_error = $1";
  /** The model's one row, or an idle blank before the first training (a wiped dev database has none). */
  static final String STATUS = "SELECT coalesce(m.state, 'idle') AS state, m.started_at, m.trained_at, m.duration_ms, "
    + "m.users, m.products, m.memory_bytes, m.lambda, m.last_error, m.evaluation "
    + "FROM (VALUES (true)) v(id) LEFT JOIN recommendation_model m ON m.id = v.id";
  static final String SAVE_EVALUATION = "INSERT INTO recommendation_model AS m (id, evaluation) VALUES (true, $1) "
    + "ON CONFLICT (id) DO UPDATE SET evaluation = excluded.evaluation RETURNING id";

  /** Bought-together neighbours of some products, summed: cosine with shrinkage ($3) on customer counts. */
  static final String NEIGHBOURS = """
    SELECT p.other_id, sum(p.customers / (sqrt(a.buyers::float8 * b.buyers) + $3)) AS score
      FROM recommendation_pairs p
      JOIN recommendation_product_buyers a ON a.product_id = p.product_id
      JOIN recommendation_product_buyers b ON b.product_id = p.other_id
     WHERE p.product_id = ANY($1)
     GROUP BY p.other_id ORDER BY score DESC, p.other_id LIMIT $2""";
  /** Content neighbours of a product: title trigrams, same category, same brand, shared attribute values. */
  static final String SIMILAR = """
    SELECT p.id FROM products p, products q
     WHERE q.id = $1 AND p.id <> q.id AND p.status = 'active'
       AND (p.category_id = q.category_id OR p.brand = q.brand OR p.search_words % q.search_words)
     ORDER BY similarity(p.search_words, q.search_words)
              + CASE WHEN p.category_id = q.category_id THEN 0.5 ELSE 0 END
              + CASE WHEN p.brand = q.brand THEN 0.2 ELSE 0 END
              + 0.1 * (SELECT count(*) FROM jsonb_each(p.attributes) e WHERE q.attributes -> e.key = e.value) DESC,
              p.id
     LIMIT $2""";
  /** Popular with time decay: each buying order weighs exp(-age / half-life * ln 2), age from the newest order. */
  static final String TRENDING = """
    WITH newest AS (SELECT max(created_at) AS at FROM orders WHERE status IN\s""" + BOUGHT + """
    )
    SELECT l.product_id, sum(exp(-ln(2) * extract(epoch FROM n.at - o.created_at) / ($1 * 86400))) AS score
      FROM orders o JOIN order_lines l ON l.order_id = o.id CROSS JOIN newest n
     WHERE o.status IN\s""" + BOUGHT + """
     GROUP BY l.product_id ORDER BY score DESC, l.product_id LIMIT $2""";
  /**
   * A customer's stored list and what they have ordered (not cancelled), newest first, with the products of
   * orders the model has not seen yet (placed or paid after its snapshot).
   */
  static final String CUSTOMER = """
    WITH mine AS (SELECT l.product_id, max(greatest(o.created_at, o.paid_at)) AS at
                    FROM orders o CROSS JOIN LATERAL\s""" + LINES_OF_ORDER + """
                   WHERE o.user_id = $1 AND o.status <> 'cancelled' GROUP BY l.product_id),
    model AS (SELECT snapshot_at, trained_at FROM recommendation_model)
    SELECT (SELECT product_ids FROM recommendation_for_you WHERE user_id = $1) AS for_you,
           (SELECT array_agg(product_id ORDER BY at DESC) FROM mine) AS bought,
           (SELECT array_agg(product_id ORDER BY at DESC) FROM mine LEFT JOIN model ON true
             WHERE model.snapshot_at IS NULL OR mine.at > model.snapshot_at) AS recent,
           (SELECT trained_at FROM model) AS trained_at,
           EXISTS (SELECT 1 FROM users WHERE id = $1) AS known""";
  /**
   * What serving a customer needs first, by index lookups only: their stored list, the products of their orders the
   * model did not learn from (not cancelled, and not bought before its snapshot: placed or paid since, pending, or
   * refunded), whether they have any order that stands, and whether they exist. When nothing is unseen, the stored
   * list already leaves out what they bought, so their whole history ({@link #CUSTOMER}) is read only when the list
   * has to be topped up from another source.
   */
  static final String CUSTOMER_LIST = """
    WITH model AS (SELECT snapshot_at, trained_at FROM recommendation_model)
    SELECT (SELECT product_ids FROM recommendation_for_you WHERE user_id = $1) AS for_you,
           (SELECT array_agg(DISTINCT l.product_id) FROM orders o CROSS JOIN LATERAL\s""" + LINES_OF_ORDER + """
             WHERE o.user_id = $1 AND o.status <> 'cancelled'
               AND (o.status NOT IN\s""" + BOUGHT + """
                    OR greatest(o.created_at, o.paid_at) > coalesce((SELECT snapshot_at FROM model), '-infinity')))
           AS unseen,
           EXISTS (SELECT 1 FROM orders WHERE user_id = $1 AND status <> 'cancelled') AS ordered,
           (SELECT trained_at FROM model) AS trained_at,
           EXISTS (SELECT 1 FROM users WHERE id = $1) AS known""";
  /** An active product by id ($1, null when the text is no UUID) or slug ($2). */
  static final String ACTIVE_PRODUCT = "SELECT id FROM products WHERE status = 'active' AND (id = $1 OR slug = $2)";
  static final String PRODUCTS_OF_SKUS = "SELECT DISTINCT product_id FROM skus WHERE id = ANY($1)";
  /** What a list item shows, for the products that are active; {@code available}: some active SKU in stock. */
  static final String CARDS = """
    SELECT p.id, p.slug, p.title, p.price_from, p.price_currency,
           (SELECT i.renditions->>'200' FROM product_images i WHERE i.product_id = p.id
             ORDER BY i.position, i.id LIMIT 1) AS image,
           (SELECT array_agg(s.code ORDER BY s.created_at, s.code) FROM skus s
             WHERE s.product_id = p.id AND s.status = 'active') AS sku_codes,
           EXISTS (SELECT 1 FROM skus s WHERE s.product_id = p.id AND s.status = 'active'
                     AND s.on_hand - s.reserved > 0) AS available
      FROM products p WHERE p.id = ANY($1) AND p.status = 'active'""";
}
