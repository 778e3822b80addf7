-- Account erasure (issue 15, privacy): the user row stays (orders, payments, tickets and reviews point at it for the
-- merchant's accounting) but its personal fields are overwritten. erased_at: the account was closed and anonymised;
-- erasure_completed_at: every other domain confirmed its part (null: a retry sweep is still asking).
ALTER TABLE users
  ADD COLUMN erased_at            timestamptz,
  ADD COLUMN erasure_completed_at timestamptz,
  ADD COLUMN erased_by            uuid,
  ADD COLUMN erasure_reason       text;
CREATE INDEX users_erasure_pending_idx ON users (erased_at) WHERE erased_at IS NOT NULL AND erasure_completed_at IS NULL;
