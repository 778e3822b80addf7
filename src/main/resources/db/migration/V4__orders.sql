-- Orders, their lines and history, and the transactional outbox that carries domain events to Kafka.

CREATE TABLE orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid        NOT NULL REFERENCES users (id),
  status           text        NOT NULL CHECK (status IN ('pending_payment', 'paid', 'shipped', 'delivered', 'completed',
                                                          'cancelled', 'refund_requested', 'refunded', 'partially_refunded')),
  source           text        NOT NULL DEFAULT 'checkout' CHECK (source IN ('checkout', 'flash_sale')),
  currency         char(3)     NOT NULL,
  subtotal_amount  bigint      NOT NULL CHECK (subtotal_amount >= 0),
  shipping_amount  bigint      NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
  total_amount     bigint      NOT NULL CHECK (total_amount = subtotal_amount + shipping_amount),
  item_count       integer     NOT NULL CHECK (item_count > 0),
  shipping_address jsonb       NOT NULL,
  payment_deadline timestamptz,
  paid_at          timestamptz,
  shipped_at       timestamptz,
  delivered_at     timestamptz,
  completed_at     timestamptz,
  cancelled_at     timestamptz,
  carrier          text,
  tracking_number  text,
  version          integer     NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_status_idx ON orders (status, created_at DESC, id DESC);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);
CREATE INDEX orders_deadline_idx ON orders (payment_deadline) WHERE status = 'pending_payment';
CREATE INDEX orders_delivered_idx ON orders (delivered_at) WHERE status = 'delivered';

CREATE TABLE order_lines (
  order_id    uuid    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no     integer NOT NULL,
  sku_id      uuid    NOT NULL REFERENCES skus (id),
  product_id  uuid    NOT NULL REFERENCES products (id),
  sku_code    text    NOT NULL,
  title       text    NOT NULL,
  options     jsonb   NOT NULL DEFAULT '{}',
  unit_amount bigint  NOT NULL CHECK (unit_amount >= 0),
  quantity    integer NOT NULL CHECK (quantity > 0),
  line_amount bigint  NOT NULL CHECK (line_amount = unit_amount * quantity),
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_sku_idx ON order_lines (sku_id);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);

-- Every state change: who, when, from, to, why.
CREATE TABLE order_history (
  id          bigserial PRIMARY KEY,
  order_id    uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  from_status text,
  to_status   text        NOT NULL,
  actor_id    uuid,
  actor       text        NOT NULL CHECK (actor IN ('customer', 'admin', 'system', 'payments')),
  reason      text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_history_order_idx ON order_history (order_id, id);

-- Domain events written in the same transaction as the change they describe; a relay publishes them
-- to Kafka in seq order and marks them. Consumers dedupe by id.
CREATE TABLE outbox (
  seq            bigserial   PRIMARY KEY,
  id             uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  topic          text        NOT NULL,
  aggregate_type text        NOT NULL,
  aggregate_id   uuid        NOT NULL,
  type           text        NOT NULL,
  version        integer     NOT NULL,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  data           jsonb       NOT NULL,
  published_at   timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (seq) WHERE published_at IS NULL;
