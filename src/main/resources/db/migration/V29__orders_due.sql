-- Flash-sale orders accepted but not yet written out (issue 12: "pay one durable row per purchase at the peak").
-- The flash-sale writer's batch makes each purchase durable with its flash_purchases row, and the whole batch's orders
-- due with ONE row here (the batch's order ids, buyers and quantities as index-aligned arrays), in the same
-- transaction; the orders domain then writes each order out (the order, its line, its first history entry and its
-- order.created event; DueOrders), deleting the batch's due row in that same transaction: each order is written
-- exactly once, and a crash between the two loses nothing (the due row waits for the next sweep). A due row carries
-- everything the orders' amounts and deadline need, fixed when the buyers heard 202; the line's title, code and
-- options are the SKU's when the order is written, a second or two later.
-- Only ever small (a row lives for a fraction of a second to a couple of seconds), read by key, swept whole, or
-- scanned for one order id (a buyer who reads or pays an order before it is written out).
CREATE TABLE orders_due (
  id               uuid        PRIMARY KEY,
  flash_sale_id    uuid        NOT NULL,
  sku_id           uuid        NOT NULL,
  unit_amount      bigint      NOT NULL CHECK (unit_amount >= 0),
  currency         char(3)     NOT NULL,
  payment_deadline timestamptz NOT NULL,
  -- where the orders' events go: the accepting process's orders topic, so any process can write the orders out
  topic            text        NOT NULL,
  order_ids        uuid[]      NOT NULL,
  user_ids         uuid[]      NOT NULL,
  quantities       integer[]   NOT NULL,
  due_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (cardinality(order_ids) > 0 AND cardinality(user_ids) = cardinality(order_ids)
         AND cardinality(quantities) = cardinality(order_ids))
);
-- Short-lived rows: vacuum it often, so the sweep's and a lookup's scans stay short after a sale's peak.
ALTER TABLE orders_due SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200);
