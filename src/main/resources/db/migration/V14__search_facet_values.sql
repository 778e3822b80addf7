-- Attribute facets precomputed per product: each product's distinct (name, value) pairs as one text
-- array, name and value joined by chr(31), so counting a facet over the candidate set is one unnest per
-- product instead of expanding its jsonb (jsonb_each + array elements + de-duplication) on every search.
-- String values and the strings of array values count, as the attribute filter matches them.
CREATE FUNCTION catalog_facet_values(attributes jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
  SELECT coalesce(array_agg(DISTINCT a.key || chr(31) || e.value), '{}')
    FROM jsonb_each(attributes) a
    CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(a.value)
      WHEN 'array' THEN a.value WHEN 'string' THEN jsonb_build_array(a.value) END) e(value) $$;

ALTER TABLE products ADD COLUMN facet_values text[] GENERATED ALWAYS AS (catalog_facet_values(attributes)) STORED;
