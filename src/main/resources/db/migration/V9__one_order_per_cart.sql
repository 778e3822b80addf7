-- A checkout records the identity of the cart it came from: one cart becomes at most one order, even when
-- a shopper's checkouts race or a checkout is retried after a crash between the order's commit and the
-- cart's clearing. Partial: flash-sale orders (no cart) add no index entry on their hot path.
ALTER TABLE orders ADD COLUMN cart_id uuid;
CREATE UNIQUE INDEX orders_cart_idx ON orders (cart_id) WHERE cart_id IS NOT NULL;
