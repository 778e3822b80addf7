-- An in-flight Idempotency-Key is held under a lease that its request renews while it runs: after a crash the
-- lease runs out and a retry may take the key over, instead of answering 409 until the key expires (issue 15).
-- claim_id names the holder, so a request that lost its lease cannot record over the one that took it.
ALTER TABLE idempotency_keys
  ADD COLUMN claim_id    uuid,
  ADD COLUMN lease_until timestamptz;
