-- Index entries every order paid for and no query used (issue 12): four fewer per flash-sale or checkout order.

-- The outbox's event id is read only by consumers, from the envelope (they dedupe by it); no query looks a row up by
-- it, and it is generated (gen_random_uuid) in the insert. Its unique index took a random-order entry at the insert
-- and another when the relay marked the row published (that update cannot be HOT: published_at is in the pending
-- index's predicate).
ALTER TABLE outbox DROP CONSTRAINT outbox_id_key;

-- Only imported orders have a reference; a UNIQUE constraint also indexes every NULL, one entry per other order.
ALTER TABLE orders DROP CONSTRAINT orders_order_ref_unique;
CREATE UNIQUE INDEX orders_order_ref_unique ON orders (order_ref) WHERE order_ref IS NOT NULL;

-- History is only ever read by order (in id order): that index can be the key, instead of a key on id alone beside it.
ALTER TABLE order_history DROP CONSTRAINT order_history_pkey;
DROP INDEX order_history_order_idx;
ALTER TABLE order_history ADD PRIMARY KEY (order_id, id);
