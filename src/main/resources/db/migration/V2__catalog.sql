-- Catalog: categories, products, SKUs with prices and inventory, scheduled prices, history, images.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it safe to index.
CREATE FUNCTION catalog_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE categories (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug       text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name       text        NOT NULL,
  parent_id  uuid        REFERENCES categories (id) ON DELETE RESTRICT,
  position   integer     NOT NULL DEFAULT 0,
  archived   boolean     NOT NULL DEFAULT false,
  version    integer     NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX categories_parent_idx ON categories (parent_id, position);

CREATE TABLE products (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug           text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title          text        NOT NULL,
  description    text        NOT NULL DEFAULT '',
  brand          text,
  category_id    uuid        REFERENCES categories (id) ON DELETE RESTRICT,
  attributes     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  status         text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  purchase_limit integer     CHECK (purchase_limit > 0),
  popularity     bigint      NOT NULL DEFAULT 0,
  -- version covers the whole product view (product, SKUs, prices, stock, images): any change bumps it
  version        integer     NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  search_vector  tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english', catalog_fold(title)), 'A')
   || setweight(to_tsvector('english', catalog_fold(coalesce(brand, ''))), 'B')
   || setweight(jsonb_to_tsvector('english', attributes, '["string"]'), 'B')
   || setweight(to_tsvector('english', catalog_fold(description)), 'C')) STORED,
  search_words   text GENERATED ALWAYS AS (catalog_fold(title || ' ' || coalesce(brand, ''))) STORED
);
CREATE INDEX products_search_idx ON products USING gin (search_vector);
CREATE INDEX products_words_trgm_idx ON products USING gin (search_words gin_trgm_ops);
CREATE INDEX products_listing_idx ON products (status, created_at, id);
CREATE INDEX products_category_idx ON products (category_id, status);
CREATE INDEX products_brand_idx ON products (brand, status);

CREATE TABLE skus (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id        uuid        NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  code              text        NOT NULL UNIQUE,
  options           jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
  price_amount      bigint      NOT NULL CHECK (price_amount >= 0),
  currency          char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  compare_at_amount bigint      CHECK (compare_at_amount >= 0),
  weight_grams      integer     CHECK (weight_grams >= 0),
  on_hand           integer     NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved          integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
  status            text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  version           integer     NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skus_product_idx ON skus (product_id, created_at);

-- A sale price valid in a window; the latest-starting window that covers "now" wins.
CREATE TABLE scheduled_prices (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku_id     uuid        NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
  amount     bigint      NOT NULL CHECK (amount >= 0),
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX scheduled_prices_sku_idx ON scheduled_prices (sku_id, starts_at);
CREATE INDEX scheduled_prices_boundaries_idx ON scheduled_prices (starts_at);
CREATE INDEX scheduled_prices_ends_idx ON scheduled_prices (ends_at);

-- Every change of the price a customer pays: base price edits and scheduled windows opening/closing.
CREATE TABLE price_history (
  id          bigserial PRIMARY KEY,
  sku_id      uuid        NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
  amount      bigint      NOT NULL,
  currency    char(3)     NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('initial', 'base', 'scheduled_start', 'scheduled_end')),
  changed_by  uuid,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_history_sku_idx ON price_history (sku_id, changed_at);

CREATE TABLE inventory_adjustments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku_id        uuid        NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
  delta         integer     NOT NULL CHECK (delta <> 0),
  reason        text        NOT NULL,
  on_hand_after integer     NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_adjustments_sku_idx ON inventory_adjustments (sku_id, created_at);

CREATE TABLE product_images (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id   uuid        NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position     integer     NOT NULL,
  content_type text        NOT NULL,
  width        integer     NOT NULL,
  height       integer     NOT NULL,
  storage_key  text        NOT NULL UNIQUE,
  renditions   jsonb       NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_idx ON product_images (product_id, position);

-- Scheduler bookkeeping: the last time price boundaries were processed.
CREATE TABLE catalog_clock (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  processed_to  timestamptz NOT NULL
);
INSERT INTO catalog_clock (processed_to) VALUES (now());

-- The price a customer pays now: the latest-starting scheduled price whose window covers now(), else the
-- base price. A view, so it is always evaluated at query time: a scheduled price takes effect on time.
CREATE VIEW sku_prices AS
SELECT s.id AS sku_id,
       s.product_id,
       s.currency,
       s.price_amount AS base_amount,
       coalesce(sale.amount, s.price_amount) AS current_amount,
       CASE WHEN sale.amount IS NOT NULL THEN s.price_amount ELSE s.compare_at_amount END AS compare_at_amount,
       sale.ends_at AS sale_ends_at,
       (SELECT min(t) FROM (
          SELECT p.starts_at AS t FROM scheduled_prices p WHERE p.sku_id = s.id AND p.starts_at > now()
          UNION ALL
          SELECT p.ends_at FROM scheduled_prices p WHERE p.sku_id = s.id AND p.ends_at > now()) boundaries
       ) AS next_change_at
  FROM skus s
  LEFT JOIN LATERAL (
    SELECT p.amount, p.ends_at FROM scheduled_prices p
     WHERE p.sku_id = s.id AND p.starts_at <= now() AND (p.ends_at IS NULL OR p.ends_at > now())
     ORDER BY p.starts_at DESC, p.created_at DESC LIMIT 1) sale ON true
 WHERE s.status = 'active';

-- "From" price of a product: its cheapest active SKU right now.
CREATE VIEW product_prices AS
SELECT product_id, min(current_amount) AS price_from, min(currency) AS currency
  FROM sku_prices GROUP BY product_id;
