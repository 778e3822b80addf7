package io.surge.catalog.search;

/**
 * Every SQL statement of storefront search. Parameters shared by the search statements:
 * $1 the corrected query (tsquery text from {@link #QUERY}), $2 category (slug or id) or null, $3 brand
 * or null, $4 price_min, $5 price_max (minor units, null = open), $6 attribute filters as jsonb
 * {@code {"name": ["value", ...]}}. The tsquery arrives as a value, not computed inside the statement, so
 * the planner (plan_cache_mode force_custom_plan on search's pool) sees how broad the query is.
 */
final class SearchSql {

  private SearchSql() {
  }

  /**
   * The query as typed and as corrected: each word the catalog does not know (in no title or brand) widened
   * to its one-typo corrections from the catalog's word dictionary (catalog_search_query, V9), so
   * "herixage walnut" matches "Heritage ... Walnut". Both folded (lower case, no accents) and stemmed.
   */
  static final String QUERY = """
    SELECT catalog_search_query($1)::text AS corrected, websearch_to_tsquery('english', catalog_fold($1))::text AS typed""";

  /**
   * Every active product the query matches, with one flag per filter, so the page applies them all and
   * each facet applies all but its own. Not materialized: each statement below takes a bounded, popularity-ordered slice of it, which PostgreSQL
   * can stop reading early. Prices come from the product's denormalised {@code price_from} (see V3).
   */
  private static String matches() {
    return """
    WITH RECURSIVE
    picked AS (
      SELECT id FROM categories WHERE $2::text IS NOT NULL AND (slug = $2 OR id::text = lower($2))
      UNION
      SELECT c.id FROM categories c JOIN picked ON c.parent_id = picked.id),
    matches AS NOT MATERIALIZED (
      SELECT p.id, p.slug, p.title, p.brand, p.description, p.category_id, p.facet_values,
             p.price_from, p.price_currency AS currency, p.popularity, p.search_vector,
             ($2::text IS NULL OR p.category_id IN (SELECT id FROM picked)) AS in_category,
             ($3::text IS NULL OR p.brand = $3) AS in_brand,
             coalesce(($4::bigint IS NULL OR p.price_from >= $4) AND ($5::bigint IS NULL OR p.price_from <= $5), false)
               AS in_price,
             CASE WHEN $6::jsonb = '{}' THEN '{}'::text[] ELSE
               ARRAY(SELECT f.name FROM jsonb_each($6::jsonb) f(name, wanted)
                      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(f.wanted) v(value)
                                         WHERE p.attributes -> f.name @> to_jsonb(v.value))) END AS failed_attrs
        FROM products p
       WHERE p.status = 'active' AND p.search_vector @@ $1::text::tsquery)
    """;
  }

  private static final String EVERY_FILTER = "in_category AND in_brand AND in_price AND cardinality(failed_attrs) = 0";

  private static final String ANY_FILTER = "$2::text IS NOT NULL OR $3::text IS NOT NULL OR $4::bigint IS NOT NULL OR $5::bigint IS NOT NULL OR $6::jsonb <> '{}'";

  /**
   * One page ordered by (score desc, id); $7/$8 are the last row's key, $9 the fetch size, $10 the
   * candidate cap, $11 the query as typed (tsquery text). Only the $10 most popular products that pass
   * every filter are ranked (and served), so a broad query ranks a bounded set. Score: 1 for matching the
   * query as typed (0 when only a typo correction matches, so exact matches come first), plus ts_rank_cd
   * normalised into [0, 1); rounded to numeric so the cursor carries it exactly. Title and description are HTML-escaped before
   * highlighting, so the only markup in a highlight is mark tags.
   */
  static final String PAGE = matches() + """
    , candidates AS (
      SELECT id, slug, title, brand, description, price_from, currency, search_vector FROM matches
       WHERE\s""" + EVERY_FILTER + """

       ORDER BY popularity DESC, id
       LIMIT $10),
    scored AS (
      SELECT c.*, round(((c.search_vector @@ $11::text::tsquery)::int
               + ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search_vector, $1::text::tsquery, 32))::numeric, 6) AS score
        FROM candidates c),
    page AS (
      SELECT id, slug, title, brand, description, price_from, currency, score FROM scored
       WHERE ($7::numeric IS NULL OR score < $7 OR (score = $7 AND id > $8::uuid))
       ORDER BY score DESC, id
       LIMIT $9)
    SELECT m.id, m.slug, m.title, m.brand, m.price_from, m.currency, m.score,
           ts_headline('english', escaped.title, $1::text::tsquery,
             'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS title_highlight,
           ts_headline('english', escaped.description, $1::text::tsquery,
             'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=10, MaxFragments=1') AS description_highlight,
           (SELECT i.renditions ->> '200' FROM product_images i
             WHERE i.product_id = m.id ORDER BY i.position LIMIT 1) AS image_key
      FROM page m
      CROSS JOIN LATERAL (SELECT
        replace(replace(replace(replace(m.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') AS title,
        replace(replace(replace(replace(m.description, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')
          AS description) escaped
     ORDER BY m.score DESC, m.id""";

  /**
   * Facet counts, each facet with all filters but its own applied, over the $8 most popular matches that
   * fail at most one filter (every facet's rows are among them), so a broad query counts a bounded set:
   * when more match, each count is a lower bound ("exact" row: 0). Categories count a product in its own
   * category and every ancestor, as the category filter includes descendants. "total" counts the results
   * with every filter up to $8 + 1 (more than $8 means "at least $8"; the page serves $8): from those
   * rows when they hold them all (not cut, or no filter), else by a count of its own that stops at $8 + 1.
   * Attribute values come precomputed per product (products.facet_values, V10). Rows: (facet, key, label,
   * slug, parent, n); $7 caps the values listed per attribute.
   */
  static final String FACETS = matches() + """
    , facet_hits AS MATERIALIZED (
      SELECT id, brand, category_id, facet_values, price_from, popularity, in_category, in_brand, in_price, failed_attrs
        FROM matches
       WHERE (NOT in_category)::int + (NOT in_brand)::int + (NOT in_price)::int + cardinality(failed_attrs) <= 1
       ORDER BY popularity DESC, id
       LIMIT $8 + 1),
    lineage AS (
      SELECT id AS category_id, id AS ancestor_id FROM categories
      UNION ALL
      SELECT l.category_id, c.parent_id FROM lineage l JOIN categories c ON c.id = l.ancestor_id
       WHERE c.parent_id IS NOT NULL),
    counted AS MATERIALIZED (SELECT * FROM facet_hits ORDER BY popularity DESC, id LIMIT $8),
    category_counts AS (
      SELECT l.ancestor_id, count(*) AS n FROM counted h JOIN lineage l ON l.category_id = h.category_id
       WHERE h.in_brand AND h.in_price AND cardinality(h.failed_attrs) = 0
       GROUP BY l.ancestor_id),
    attribute_values AS (
      SELECT split_part(f.pair, chr(31), 1) AS name, substr(f.pair, strpos(f.pair, chr(31)) + 1) AS value,
             count(*) AS n
        FROM counted h
        CROSS JOIN LATERAL unnest(h.facet_values) f(pair)
       WHERE h.in_category AND h.in_brand AND h.in_price
         AND (cardinality(h.failed_attrs) = 0 OR h.failed_attrs = ARRAY[split_part(f.pair, chr(31), 1)])
       GROUP BY 1, 2),
    ranked_values AS (
      SELECT name, value, n, row_number() OVER (PARTITION BY name ORDER BY n DESC, value) AS place
        FROM attribute_values)
    SELECT 'total' AS facet, NULL AS key, NULL AS label, NULL AS slug, NULL AS parent,
           CASE WHEN (SELECT count(*) FROM facet_hits) <= $8 OR NOT (""" + ANY_FILTER + ")\n"
    + "    THEN (SELECT count(*) FROM facet_hits WHERE " + EVERY_FILTER + ")\n"
    + "    ELSE (SELECT count(*) FROM (SELECT 1 FROM matches WHERE " + EVERY_FILTER + " LIMIT $8 + 1) hits) END AS n\n"
    + """
    UNION ALL
    SELECT 'exact', NULL, NULL, NULL, NULL, (count(*) <= $8)::int FROM facet_hits
    UNION ALL
    SELECT 'category', c.id::text, c.name, c.slug, c.parent_id::text, cc.n
      FROM category_counts cc JOIN categories c ON c.id = cc.ancestor_id
    UNION ALL
    SELECT 'brand', brand, NULL, NULL, NULL, count(*) FROM counted
     WHERE brand IS NOT NULL AND in_category AND in_price AND cardinality(failed_attrs) = 0
     GROUP BY brand
    UNION ALL
    SELECT 'price', bucket::text, NULL, NULL, NULL, count(*) FROM (
      SELECT width_bucket(price_from, ARRAY[1000, 2500, 5000, 10000]::bigint[]) AS bucket FROM counted
       WHERE price_from IS NOT NULL AND in_category AND in_brand AND cardinality(failed_attrs) = 0) priced
     GROUP BY bucket
    UNION ALL
    SELECT 'attribute', name, value, NULL, NULL, n FROM ranked_values WHERE place <= $7
    """;

  /** Autocomplete: $1 the prefix with LIKE wildcards escaped (folded here), $2 the limit. */
  static final String SUGGEST = """
    SELECT id, slug, title FROM products
     WHERE status = 'active'
       AND (search_words LIKE catalog_fold($1) || '%' OR search_words LIKE '% ' || catalog_fold($1) || '%')
     ORDER BY popularity DESC, title, id
     LIMIT $2""";
}
