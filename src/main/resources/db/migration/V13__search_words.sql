-- Search typo correction: a dictionary of the distinct words of product titles and brands, so a query
-- word the catalog does not know can be corrected to a word it does (Herixage -> heritage) before the
-- full-text match. Trigram similarity over whole titles misses a typo in one word of a longer title.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- word: folded (lower case, no accents) as in products.search_words; lexeme: its English stem, so a
-- query word is known when its stem is (shirts -> shirt), null for stop words.
CREATE TABLE catalog_words (
  word   text PRIMARY KEY,
  lexeme text
);
CREATE INDEX catalog_words_trgm_idx ON catalog_words USING gist (word gist_trgm_ops);
CREATE INDEX catalog_words_lexeme_idx ON catalog_words (lexeme);

-- The words of a folded title + brand; words of one letter carry nothing to correct.
CREATE FUNCTION catalog_split_words(text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT DISTINCT w FROM regexp_split_to_table($1, '[^[:alnum:]]+') w WHERE length(w) > 1 $$;

CREATE FUNCTION catalog_stem(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT (tsvector_to_array(to_tsvector('english', $1)))[1] $$;

-- Kept by triggers on products, so every writer of products (the catalog's writes, imports, the demo
-- seed) keeps it without knowing it. Words are only added: a word left by a renamed or archived product
-- costs a row, and a correction to it merely matches nothing next to the corrections that do.
-- ON CONFLICT DO NOTHING takes no lock on an existing word, so concurrent catalog writes never queue here.
CREATE FUNCTION catalog_words_add() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog_words (word, lexeme)
  SELECT w, catalog_stem(w)
    FROM (SELECT DISTINCT catalog_split_words(n.search_words) AS w FROM new_products n) words
   WHERE NOT EXISTS (SELECT 1 FROM catalog_words c WHERE c.word = words.w)
   ORDER BY w
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER products_words_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_products
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_words_add();

-- Row level with a WHEN clause: the frequent updates (version, price_from, popularity) skip it in C.
CREATE FUNCTION catalog_words_add_row() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog_words (word, lexeme)
  SELECT w, catalog_stem(w) FROM catalog_split_words(NEW.search_words) w
   ORDER BY w
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER products_words_update AFTER UPDATE OF title, brand ON products
  FOR EACH ROW WHEN (OLD.search_words IS DISTINCT FROM NEW.search_words)
  EXECUTE FUNCTION catalog_words_add_row();

INSERT INTO catalog_words (word, lexeme)
SELECT w, catalog_stem(w) FROM (SELECT DISTINCT catalog_split_words(search_words) AS w FROM products) words;

-- One typo: one letter inserted, deleted or replaced, or two neighbours swapped (lether, headphnes,
-- Herixage, calssic).
CREATE FUNCTION catalog_one_typo(a text, b text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
  d integer := levenshtein_less_equal(a, b, 2);
BEGIN
  IF d <= 1 THEN
    RETURN true;
  END IF;
  IF d > 2 OR length(a) <> length(b) THEN
    RETURN false;
  END IF;
  FOR i IN 1 .. length(a) - 1 LOOP
    IF substr(a, i, 1) <> substr(b, i, 1) THEN
      RETURN substr(a, i, 1) = substr(b, i + 1, 1) AND substr(a, i + 1, 1) = substr(b, i, 1)
         AND substr(a, i + 2) = substr(b, i + 2);
    END IF;
  END LOOP;
  RETURN false;
END $$;

-- The search query: the folded text as websearch_to_tsquery reads it (phrases, or, -word), where every
-- word the catalog does not know (neither the word nor its stem is in catalog_words) of 4 letters or more
-- becomes "the word or its nearest one-typo corrections" (at most 3: the nearest by trigram similarity).
-- A word with no plausible correction stays as typed, so nonsense finds nothing rather than garbage.
CREATE FUNCTION catalog_search_query(q text) RETURNS tsquery
  LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT AS $$
DECLARE
  folded text := catalog_fold(q);
  result tsquery := websearch_to_tsquery('english', folded);
  token text;
  stem text;
  alternatives tsquery;
  correction text;
BEGIN
  FOR token IN SELECT catalog_split_words(folded) LOOP
    stem := catalog_stem(token);
    CONTINUE WHEN length(token) < 4 OR stem IS NULL
      OR EXISTS (SELECT 1 FROM catalog_words c WHERE c.word = token)
      OR EXISTS (SELECT 1 FROM catalog_words c WHERE c.lexeme = stem);
    alternatives := plainto_tsquery('simple', stem);
    FOR correction IN
      SELECT c.lexeme FROM (SELECT word, lexeme FROM catalog_words ORDER BY word <-> token LIMIT 20) c
       WHERE c.lexeme IS NOT NULL AND catalog_one_typo(token, c.word)
       ORDER BY similarity(c.word, token) DESC, c.word LIMIT 3
    LOOP
      alternatives := alternatives || plainto_tsquery('simple', correction);
    END LOOP;
    result := ts_rewrite(result, plainto_tsquery('simple', stem), alternatives);
  END LOOP;
  RETURN result;
END $$;

-- Search ranks and counts the most popular matches first (a bounded candidate set): this index lets a
-- broad query read them in that order and stop.
CREATE INDEX products_search_order_idx ON products (status, popularity DESC, id);
