-- The flash-sale writer's batch in one statement (issue 12). Before, a batch PostgreSQL agreed with was seven
-- messages (BEGIN, the sale's lock, the guard, the units, the purchases, the due row, COMMIT), each flushed and
-- answered on its own; now it is one call, its own transaction: one message each way, one statement's start-up.

-- The orders domain's one writer of orders_due (OrderLedger.addDueFlashSaleOrders calls it too): a batch's orders
-- made due, written out a moment later by DueOrders. plpgsql, not sql: its INSERT's plan is then kept per session.
CREATE FUNCTION orders_add_due(p_id uuid, p_order_ids uuid[], p_user_ids uuid[], p_quantities integer[],
                               p_sale_id uuid, p_sku_id uuid, p_unit_amount bigint, p_currency text,
                               p_window_minutes integer, p_topic text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orders_due (id, order_ids, user_ids, quantities, flash_sale_id, sku_id, unit_amount, currency,
                          payment_deadline, topic)
  VALUES (p_id, p_order_ids, p_user_ids, p_quantities, p_sale_id, p_sku_id, p_unit_amount, p_currency,
          now() + make_interval(mins => p_window_minutes), p_topic);
END
$$;

-- A batch the Redis gate accepted whole, written if PostgreSQL agrees: the sale's row locked (batches of one sale
-- in turn; each statement after it sees every batch committed before), then the bet checked against committed truth:
-- the sale is not cancelled, its units left cover the batch, and no buyer ($7/$8: each once, with the batch's units)
-- goes over the per-user limit ($9). When that does not hold, SFB01 aborts it and nothing is written; the writer then
-- decides the batch purchase by purchase. A (buyer, key) already used needs no read here: the purchases' unique
-- index refuses it at the insert (23505), with the same outcome.
-- The per-buyer sums probe the (sale_id, user_id, idempotency_key) index through LATERAL, which PostgreSQL cannot
-- flatten: the plan this function keeps per session stays a probe per buyer whatever the table's statistics were
-- when it was made (a plain join planned on a small table had kept a hash join over all of it, V28's note).
CREATE FUNCTION flash_write_batch(p_sale uuid, p_purchase_ids uuid[], p_user_ids uuid[], p_keys text[],
                                  p_quantities integer[], p_order_ids uuid[], p_buyers uuid[],
                                  p_buyer_units integer[], p_limit integer, p_due_id uuid, p_sku_id uuid,
                                  p_unit_amount bigint, p_currency text, p_window_minutes integer, p_topic text)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  units integer := (SELECT sum(q) FROM unnest(p_buyer_units) q);
  remaining integer;
BEGIN
  SELECT quantity - sold INTO remaining FROM flash_sales WHERE id = p_sale AND cancelled_at IS NULL FOR UPDATE;
  IF remaining IS NULL OR remaining < units OR EXISTS (
       SELECT 1 FROM unnest(p_buyers, p_buyer_units) b(buyer, wanted)
        CROSS JOIN LATERAL (SELECT coalesce(sum(p.quantity), 0) AS held FROM flash_purchases p
                             WHERE p.sale_id = p_sale AND p.user_id = b.buyer AND p.status = 'ordered') h
        WHERE h.held + b.wanted > p_limit) THEN
    RAISE EXCEPTION 'the flash-sale batch needs a purchase-by-purchase decision' USING ERRCODE = 'SFB01';
  END IF;
  UPDATE flash_sales SET sold = sold + units WHERE id = p_sale;
  INSERT INTO flash_purchases (id, sale_id, user_id, idempotency_key, quantity, order_id)
  SELECT n.id, p_sale, n.user_id, n.idempotency_key, n.quantity, n.order_id
    FROM unnest(p_purchase_ids, p_user_ids, p_keys, p_quantities, p_order_ids)
           AS n(id, user_id, idempotency_key, quantity, order_id);
  PERFORM orders_add_due(p_due_id, p_order_ids, p_user_ids, p_quantities, p_sale, p_sku_id, p_unit_amount,
                         p_currency, p_window_minutes, p_topic);
END
$$;

-- The separate guard statement is gone with its caller.
DROP FUNCTION flash_batch_guard(boolean);
