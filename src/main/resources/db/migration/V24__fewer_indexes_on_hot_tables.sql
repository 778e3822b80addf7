-- Indexes every flash-sale order paid for at insert time and no query used (issue 12: "fewer indexes on the hot
-- tables where they earn nothing").
-- order_lines by sku / by product: every line of a sale has the same sku and product, so each insert went into the
-- same hot leaf page of two duplicate-heavy indexes; no query starts from a line's sku or product (lines are read by
-- order id), and skus and products are archived, never deleted, so no foreign-key check needs them either.
DROP INDEX order_lines_sku_idx;
DROP INDEX order_lines_product_idx;
-- A buyer's units in a sale: the unique (sale_id, user_id, idempotency_key) index serves the same lookups by its
-- (sale_id, user_id) prefix.
DROP INDEX flash_purchases_buyer_idx;
