-- The flash-sale writer's one-round-trip batch (issue 12): the writer sends a batch's lock, this guard and the inserts
-- together, with COMMIT behind them, betting that PostgreSQL agrees with the Redis gate on every purchase (no key
-- already used, every buyer within the per-user limit, enough units left). When it does not, the guard aborts the
-- transaction (nothing is written) and the writer decides that batch purchase by purchase in a second transaction.
-- NULL (a cancelled sale has no remaining count) counts as a disagreement.
CREATE FUNCTION flash_batch_guard(agrees boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF agrees IS NOT TRUE THEN
    RAISE EXCEPTION 'the flash-sale batch needs a purchase-by-purchase decision' USING ERRCODE = 'SFB01';
  END IF;
END
$$;
