-- Payments through a provider (PSP). Surge stores no card data: only the provider's ids, amounts and outcomes.

CREATE TABLE payments (
  id                  uuid PRIMARY KEY,
  order_id            uuid        NOT NULL REFERENCES orders (id),
  user_id             uuid        NOT NULL REFERENCES users (id),
  attempt             integer     NOT NULL CHECK (attempt > 0),
  provider            text        NOT NULL,
  provider_payment_id text        UNIQUE,
  status              text        NOT NULL CHECK (status IN ('creating', 'pending', 'requires_action', 'succeeded',
                                                             'failed', 'cancelled')),
  amount              bigint      NOT NULL CHECK (amount > 0),
  currency            char(3)     NOT NULL,
  captured_amount     bigint      NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
  refunded_amount     bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  -- refunds asked of the provider and not yet confirmed: reserved, so concurrent refunds cannot overshoot
  refunding_amount    bigint      NOT NULL DEFAULT 0 CHECK (refunding_amount >= 0),
  client_secret       text,
  checkout_url        text,
  failure_code        text,
  failure_message     text,
  -- what the success did to the order: null until the orders domain answered (a sweep retries until then)
  order_outcome       text        CHECK (order_outcome IN ('paid', 'refunded')),
  succeeded_at        timestamptz,
  version             integer     NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, attempt),
  -- never refund more than was captured, whatever the application does
  CONSTRAINT payments_refunds_within_captured CHECK (refunded_amount + refunding_amount <= captured_amount)
);
-- The one payable payment of an order: a new one only after the last failed or was cancelled.
CREATE UNIQUE INDEX payments_one_live ON payments (order_id) WHERE status IN ('creating', 'pending', 'requires_action');
CREATE INDEX payments_order_idx ON payments (order_id, created_at);
CREATE INDEX payments_unsettled_idx ON payments (succeeded_at) WHERE status = 'succeeded' AND order_outcome IS NULL;

CREATE TABLE payment_refunds (
  id                 uuid PRIMARY KEY,
  payment_id         uuid        NOT NULL REFERENCES payments (id),
  provider_refund_id text        UNIQUE,
  amount             bigint      NOT NULL CHECK (amount > 0),
  status             text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  reason             text        NOT NULL,
  goods_returned     boolean     NOT NULL DEFAULT false,
  -- the admin's Idempotency-Key, or 'auto:...' for refunds Surge starts itself; the provider sees the same key
  request_key        text        NOT NULL,
  initiated_by       text        NOT NULL CHECK (initiated_by IN ('admin', 'system', 'provider')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz,
  UNIQUE (payment_id, request_key)
);

-- Webhook events already handled: a duplicate delivery finds its id here and changes nothing.
CREATE TABLE payment_events (
  event_id    text PRIMARY KEY,
  type        text        NOT NULL,
  provider_payment_id text,
  outcome     text        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- What reconciliation could not fix by itself, for an admin (e.g. paid at the provider, no Surge payment).
CREATE TABLE payment_discrepancies (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                text        NOT NULL,
  provider_payment_id text        NOT NULL,
  amount              bigint,
  currency            char(3),
  provider_status     text,
  details             jsonb       NOT NULL DEFAULT '{}',
  found_at            timestamptz NOT NULL DEFAULT now(),
  resolved_at         timestamptz,
  UNIQUE (kind, provider_payment_id)
);

-- Refunded goods go back on the shelf once, when an admin says they were returned.
ALTER TABLE orders ADD COLUMN restocked_at timestamptz;
