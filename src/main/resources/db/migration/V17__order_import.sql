-- Order history import (issue 13): historical orders brought in from another shop, keyed by their reference there,
-- and the customers they belong to, keyed by theirs. Both keys stay NULL for everything created in Surge itself.

-- An imported customer's reference in the old shop (GET /api/v1/admin/users?customer_ref=). UNIQUE allows many NULLs.
ALTER TABLE users ADD COLUMN customer_ref text CONSTRAINT users_customer_ref_unique UNIQUE;

-- Imported orders: source 'import', and the old shop's order reference, which makes a re-import change nothing.
ALTER TABLE orders DROP CONSTRAINT orders_source_check;
ALTER TABLE orders ADD CONSTRAINT orders_source_check CHECK (source IN ('checkout', 'flash_sale', 'import'));
ALTER TABLE orders ADD COLUMN order_ref text CONSTRAINT orders_order_ref_unique UNIQUE;
