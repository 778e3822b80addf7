-- A checkout counts the customer's orders awaiting payment (orders.maxUnpaidOrders / maxUnpaidUnits). Through
-- orders_user_idx that read every order the customer ever placed and checked each one's status on the heap: a loyal
-- customer's checkout cost grew with their history (issue 12: 3.9 ms of PostgreSQL per checkout, three quarters of its
-- share, once the benchmark's shoppers had ~200 orders each). This index holds only the orders awaiting payment, with
-- what the count sums, so the count reads as many entries as the customer has unpaid orders (at most 3 by default).
-- An order leaves it when it is paid, cancelled or expires. CONCURRENTLY: a live shop's orders table is large, and
-- a plain CREATE INDEX would hold checkouts for as long as it builds (Flyway runs this file outside a transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_unpaid_idx ON orders (user_id) INCLUDE (item_count)
  WHERE status = 'pending_payment';
