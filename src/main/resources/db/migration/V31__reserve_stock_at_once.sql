-- A checkout's stock reservation in one statement, whatever the number of lines (it was one round trip per line),
-- that fails when any SKU is short (issue 12). The checkout can then send its COMMIT right behind it without waiting:
-- a short SKU aborts the transaction, and that COMMIT rolls it back. SKUs are updated in id order, the lock order of
-- every stock move (io.surge.catalog.Stock), so two checkouts cannot deadlock. Every short SKU is named in DETAIL
-- (comma-separated ids), for the 409.
CREATE FUNCTION reserve_stock(sku_ids uuid[], quantities int[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  line record;
  short uuid[] := '{}';
BEGIN
  FOR line IN SELECT u.sku_id, u.quantity FROM unnest(sku_ids, quantities) AS u(sku_id, quantity) ORDER BY u.sku_id
  LOOP
    UPDATE skus SET reserved = reserved + line.quantity, updated_at = now()
     WHERE id = line.sku_id AND status = 'active' AND on_hand - reserved >= line.quantity;
    IF NOT FOUND THEN
      short := short || line.sku_id;
    END IF;
  END LOOP;
  IF cardinality(short) > 0 THEN
    RAISE EXCEPTION 'not enough stock' USING ERRCODE = 'SST01', DETAIL = array_to_string(short, ',');
  END IF;
END
$$;
