-- Flash-sale orders accepted but not yet written out (issue 12: "pay one durable row per purchase at the peak").
-- The flash-sale writer's batch makes each purchase durable with its flash_purchases row and one row here, in the
-- same transaction; the orders domain then turns each due row into the order, its line, its first history entry and
-- its order.created event (DueOrders), deleting the due row in that same transaction: an order is written exactly
-- once, and a crash between the two loses nothing (the due row waits for the next sweep). A due row carries
-- everything the order's amounts and deadline need, fixed when the buyer heard 202; the line's title, code and
-- options are the SKU's when the order is written, a second or two later.
-- Only ever small (rows live for milliseconds to a couple of seconds), read by key or swept whole.
CREATE TABLE orders_due (
  order_id         uuid        PRIMARY KEY,
  user_id          uuid        NOT NULL,
  flash_sale_id    uuid        NOT NULL,
  sku_id           uuid        NOT NULL,
  quantity         integer     NOT NULL CHECK (quantity > 0),
  unit_amount      bigint      NOT NULL CHECK (unit_amount >= 0),
  currency         char(3)     NOT NULL,
  payment_deadline timestamptz NOT NULL,
  -- where the order's events go: the accepting process's orders topic, so any process can write the order out
  topic            text        NOT NULL,
  due_at           timestamptz NOT NULL DEFAULT now()
);
-- Short-lived rows: vacuum it often, so the sweep's scan stays short after a sale's peak.
ALTER TABLE orders_due SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
