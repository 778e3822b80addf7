-- What a real Stripe account does that the first sandbox never did.

-- A bank debit (SEPA, ACH) sits in 'processing' for days: its own state, still the order's live payment.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('creating', 'pending', 'requires_action',
  'processing', 'succeeded', 'failed', 'cancelled'));
DROP INDEX payments_one_live;
CREATE UNIQUE INDEX payments_one_live ON payments (order_id)
  WHERE status IN ('creating', 'pending', 'requires_action', 'processing');
-- Stripe payment intents have no checkout URL: the storefront pays with the client secret and Stripe.js.
ALTER TABLE payments DROP COLUMN checkout_url;
-- Closing the intent of a cancelled order backs off while the provider cannot cancel it yet.
ALTER TABLE payments ADD COLUMN close_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN next_close_at timestamptz;

-- A refund lives pending -> succeeded | failed | cancelled at the provider; a failure says why.
ALTER TABLE payment_refunds DROP CONSTRAINT payment_refunds_status_check;
ALTER TABLE payment_refunds ADD CONSTRAINT payment_refunds_status_check CHECK (status IN ('pending', 'succeeded',
  'failed', 'cancelled'));
ALTER TABLE payment_refunds ADD COLUMN failure_reason text;
-- When Surge last asked the provider about a refund it accepted but has not finished (webhooks come first).
ALTER TABLE payment_refunds ADD COLUMN checked_at timestamptz;
