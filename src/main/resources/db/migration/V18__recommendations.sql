-- Recommendations: what the models learned from the shop's orders. Written by io.surge.recommendations only;
-- orders and catalog are read, never written. No foreign keys: a deleted product or erased user simply stops
-- matching (every list is joined to the live catalog when it is served).

-- Every order counted into the bought-together figures, written in the same transaction as the counts:
-- an order event delivered twice (Kafka redelivery, a restart before the offset commit) finds its row and
-- changes nothing.
CREATE TABLE recommendation_counted_orders (
  order_id   uuid PRIMARY KEY,
  user_id    uuid        NOT NULL,
  counted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendation_counted_orders_user_idx ON recommendation_counted_orders (user_id);

-- How many customers bought each product (a customer counts once however often they bought it).
CREATE TABLE recommendation_product_buyers (
  product_id uuid PRIMARY KEY,
  buyers     integer NOT NULL CHECK (buyers > 0)
);

-- How many customers bought both products; stored in both directions so a product's neighbours are one index range.
CREATE TABLE recommendation_pairs (
  product_id uuid    NOT NULL,
  other_id   uuid    NOT NULL,
  customers  integer NOT NULL CHECK (customers > 0),
  PRIMARY KEY (product_id, other_id)
);

-- The personal model's answer per customer (EASE^R), best first, as of the last training.
CREATE TABLE recommendation_for_you (
  user_id     uuid PRIMARY KEY,
  product_ids uuid[] NOT NULL,
  scores      real[] NOT NULL
);

-- The one training record: running or idle, what the last training saw and cost, the last offline evaluation.
CREATE TABLE recommendation_model (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  state        text        NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running')),
  started_at   timestamptz,
  trained_at   timestamptz,
  -- orders placed after this instant are not in the model yet; they count through bought-together neighbours
  snapshot_at  timestamptz,
  duration_ms  bigint,
  users        integer,
  products     integer,
  memory_bytes bigint,
  lambda       double precision,
  last_error   text,
  evaluation   jsonb
);
INSERT INTO recommendation_model (id) VALUES (true);
