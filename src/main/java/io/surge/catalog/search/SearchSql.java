package io.surge.catalog.search;

/**
 * Every SQL statement of storefront search. Parameters shared by the search statements:
 * $1 query text, $2 category (slug or id) or null, $3 brand or null, $4 price_min, $5 price_max
 * (minor units, null = open), $6 attribute filters as jsonb {@code {"name": ["value", ...]}}.
 */
final class SearchSql {

  private SearchSql() {
  }

  /**
   * Every active product the query matches, with one flag per filter, so the page applies them all and
   * each facet applies all but its own. A product matches by full text (stemmed, accent-folded) or by
   * trigram word similarity of the folded query against folded title + brand (typo tolerance; the
   * {@code <%} operator uses the GIN trigram index at pg_trgm.word_similarity_threshold, default 0.6).
   * Full-text hits score 1 + ts_rank_cd and so come before typo-only hits, which score their word
   * similarity (0.6..1); trigram similarity, the costly part, is computed for those rows only.
   * The score is rounded to numeric so the cursor can carry it exactly. Prices come from the product's
   * denormalised {@code price_from} (see V3), so no query aggregates SKUs.
   */
  private static String matches() {
    return """
    WITH RECURSIVE
    picked AS (
      SELECT id FROM categories WHERE $2::text IS NOT NULL AND (slug = $2 OR id::text = lower($2))
      UNION
      SELECT c.id FROM categories c JOIN picked ON c.parent_id = picked.id),
    matches AS (
      SELECT p.id, p.slug, p.title, p.brand, p.description, p.category_id, p.attributes,
             p.price_from, p.price_currency AS currency,
             round(CASE WHEN p.search_vector @@ websearch_to_tsquery('english', catalog_fold($1))
                   THEN 1 + ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, websearch_to_tsquery('english', catalog_fold($1)))
                   ELSE word_similarity(catalog_fold($1), p.search_words) END::numeric, 6) AS score,
             ($2::text IS NULL OR p.category_id IN (SELECT id FROM picked)) AS in_category,
             ($3::text IS NULL OR p.brand = $3) AS in_brand,
             coalesce(($4::bigint IS NULL OR p.price_from >= $4) AND ($5::bigint IS NULL OR p.price_from <= $5), false)
               AS in_price,
             ARRAY(SELECT f.name FROM jsonb_each($6::jsonb) f(name, wanted)
                    WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(f.wanted) v(value)
                                       WHERE p.attributes -> f.name @> to_jsonb(v.value))) AS failed_attrs
        FROM products p
       WHERE p.status = 'active'
         AND (p.search_vector @@ websearch_to_tsquery('english', catalog_fold($1)) OR catalog_fold($1) <% p.search_words))
    """;
  }

  private static final String EVERY_FILTER = "in_category AND in_brand AND in_price AND cardinality(failed_attrs) = 0";

  /**
   * One page ordered by (score desc, id); $7/$8 are the last row's key, $9 the fetch size. Title and
   * description are HTML-escaped before highlighting, so the only markup in a highlight is mark tags.
   */
  static final String PAGE = matches() + """
    , page AS (
      SELECT id, slug, title, brand, description, price_from, currency, score FROM matches
       WHERE\s""" + EVERY_FILTER + """

         AND ($7::numeric IS NULL OR score < $7 OR (score = $7 AND id > $8::uuid))
       ORDER BY score DESC, id
       LIMIT $9)
    SELECT m.id, m.slug, m.title, m.brand, m.price_from, m.currency, m.score,
           ts_headline('english', escaped.title, websearch_to_tsquery('english', catalog_fold($1)),
             'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS title_highlight,
           ts_headline('english', escaped.description, websearch_to_tsquery('english', catalog_fold($1)),
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
   * Facet counts over every match, each facet with all filters but its own applied. Categories count
   * a product in its own category and every ancestor, as the category filter includes descendants.
   * Rows: (facet, key, label, slug, parent, n); "total" is the number of results with every filter; $7 caps
   * the values listed per attribute.
   */
  static final String FACETS = matches() + """
    , facet_hits AS MATERIALIZED (SELECT * FROM matches),
    lineage AS (
      SELECT id AS category_id, id AS ancestor_id FROM categories
      UNION ALL
      SELECT l.category_id, c.parent_id FROM lineage l JOIN categories c ON c.id = l.ancestor_id
       WHERE c.parent_id IS NOT NULL),
    category_counts AS (
      SELECT l.ancestor_id, count(*) AS n FROM facet_hits h JOIN lineage l ON l.category_id = h.category_id
       WHERE h.in_brand AND h.in_price AND cardinality(h.failed_attrs) = 0
       GROUP BY l.ancestor_id),
    attribute_values AS (
      SELECT a.key AS name, v.value, count(DISTINCT h.id) AS n
        FROM facet_hits h
        CROSS JOIN LATERAL jsonb_each(h.attributes) a
        CROSS JOIN LATERAL (
          SELECT a.value #>> '{}' AS value WHERE jsonb_typeof(a.value) = 'string'
          UNION ALL
          SELECT e FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value END) e) v
       WHERE h.in_category AND h.in_brand AND h.in_price
         AND (cardinality(h.failed_attrs) = 0 OR h.failed_attrs = ARRAY[a.key])
       GROUP BY a.key, v.value),
    ranked_values AS (
      SELECT name, value, n, row_number() OVER (PARTITION BY name ORDER BY n DESC, value) AS place
        FROM attribute_values)
    SELECT 'total' AS facet, NULL AS key, NULL AS label, NULL AS slug, NULL AS parent, count(*) AS n
      FROM facet_hits WHERE\s""" + EVERY_FILTER + """

    UNION ALL
    SELECT 'category', c.id::text, c.name, c.slug, c.parent_id::text, cc.n
      FROM category_counts cc JOIN categories c ON c.id = cc.ancestor_id
    UNION ALL
    SELECT 'brand', brand, NULL, NULL, NULL, count(*) FROM facet_hits
     WHERE brand IS NOT NULL AND in_category AND in_price AND cardinality(failed_attrs) = 0
     GROUP BY brand
    UNION ALL
    SELECT 'price', bucket::text, NULL, NULL, NULL, count(*) FROM (
      SELECT width_bucket(price_from, ARRAY[1000, 2500, 5000, 10000]::bigint[]) AS bucket FROM facet_hits
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
