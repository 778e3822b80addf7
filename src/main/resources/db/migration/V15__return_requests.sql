-- A customer's request to return goods and get money back, decided by the merchant (issue 15). The order goes to
-- refund_requested while a request is open and comes back to order_status_before when it is declined; an approved
-- request asks payments for the approved lines' amount, and the order moves on when the refund succeeds.
CREATE TABLE return_requests (
  id                  uuid        PRIMARY KEY,
  order_id            uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  status              text        NOT NULL CHECK (status IN ('requested', 'approved', 'declined')),
  reason              text        NOT NULL,
  -- what the customer asks back: [{line_no, quantity}]; empty = the whole order
  lines               jsonb       NOT NULL DEFAULT '[]',
  order_status_before text        NOT NULL CHECK (order_status_before IN ('delivered', 'completed')),
  -- the merchant's decision: approved [{line_no, quantity, restock, amount}] and their sum, or the decline's reason
  approved_lines      jsonb,
  refund_amount       bigint      CHECK (refund_amount > 0),
  decision_reason     text,
  decided_by          uuid,
  decided_at          timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- One open request per order.
CREATE UNIQUE INDEX return_requests_one_open ON return_requests (order_id) WHERE status = 'requested';
CREATE INDEX return_requests_order_idx ON return_requests (order_id, created_at);
CREATE INDEX return_requests_status_idx ON return_requests (status, created_at, id);
