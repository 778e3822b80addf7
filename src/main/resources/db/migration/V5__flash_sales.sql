-- Flash sales: a limited quantity of one SKU at a sale price in a time window. PostgreSQL is the final
-- arbiter (sold <= quantity is a CHECK, and each durable purchase moves `sold` conditionally); Redis
-- only holds the fast gate, rebuilt from these tables whenever it is lost.
CREATE TABLE flash_sales (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku_id                 uuid        NOT NULL REFERENCES skus (id),
  sale_amount            bigint      NOT NULL CHECK (sale_amount >= 0),
  currency               char(3)     NOT NULL,
  quantity               integer     NOT NULL CHECK (quantity > 0),
  sold                   integer     NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= quantity),
  per_user_limit         integer     NOT NULL DEFAULT 1 CHECK (per_user_limit > 0),
  payment_window_minutes integer     NOT NULL DEFAULT 15 CHECK (payment_window_minutes > 0),
  starts_at              timestamptz NOT NULL,
  ends_at                timestamptz NOT NULL,
  cancelled_at           timestamptz,
  version                integer     NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX flash_sales_window_idx ON flash_sales (ends_at, starts_at);

CREATE TABLE flash_purchases (
  id              uuid PRIMARY KEY,
  sale_id         uuid        NOT NULL REFERENCES flash_sales (id),
  user_id         uuid        NOT NULL REFERENCES users (id),
  idempotency_key text        NOT NULL,
  quantity        integer     NOT NULL CHECK (quantity > 0),
  order_id        uuid        NOT NULL UNIQUE REFERENCES orders (id),
  status          text        NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'expired')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sale_id, user_id, idempotency_key)
);
CREATE INDEX flash_purchases_buyer_idx ON flash_purchases (sale_id, user_id) WHERE status = 'ordered';
