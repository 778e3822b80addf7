-- The "from" price of each product (its cheapest active SKU right now), kept on the product row so
-- lists, search filters and price facets never aggregate SKUs and scheduled prices per query. Every
-- catalog write that can change it recomputes it in its transaction; the price-window scheduler
-- recomputes it when a scheduled price starts or ends.
ALTER TABLE products ADD COLUMN price_from bigint, ADD COLUMN price_currency char(3);

UPDATE products p SET price_from = pp.price_from, price_currency = pp.currency
  FROM product_prices pp WHERE pp.product_id = p.id;

CREATE INDEX products_price_idx ON products (status, price_from, id);
