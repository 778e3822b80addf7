package io.surge.console;

/**
 * The dashboard's reads. Each is one aggregate over the owning domain's table (read only): the console writes
 * nothing. A placed order counts once it is paid or beyond (not awaiting payment, not cancelled), on the UTC day it
 * was placed; its revenue is its total before any refund.
 */
final class DashboardSql {

  /** $1 the first instant of the window. Sparse: a day without orders has no row. */
  static final String SALES_PER_DAY = "SELECT (created_at AT TIME ZONE 'UTC')::date AS day, currency, "
    + "count(*) AS orders, sum(total_amount)::bigint AS revenue FROM orders "
    + "WHERE created_at >= $1 AND status NOT IN ('pending_payment', 'cancelled') "
    + "GROUP BY 1, 2 ORDER BY 2, 1";

  /** A SKU is low on stock when it can still be sold (active, of an active product) and $1 or fewer units are free. */
  private static final String LOW_STOCK_WHERE = "FROM skus s JOIN products p ON p.id = s.product_id "
    + "WHERE s.status = 'active' AND p.status = 'active' AND s.on_hand - s.reserved <= $1";

  /** $1 the low-stock threshold. */
  static final String WAITING = "SELECT "
    + "(SELECT count(*) FROM orders WHERE status = 'paid') AS to_ship, "
    + "(SELECT count(*) FROM return_requests WHERE status = 'requested') AS returns_requested, "
    + "(SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'pending')) AS open_tickets, "
    + "(SELECT count(*) FROM reviews WHERE status = 'pending') AS reviews_to_moderate, "
    + "(SELECT count(*) FROM payment_discrepancies WHERE resolved_at IS NULL) AS payment_discrepancies, "
    + "(SELECT count(*) " + LOW_STOCK_WHERE + ") AS low_stock";

  /** $1 the threshold, $2 how many: the emptiest first. */
  static final String LOW_STOCK = "SELECT s.id, s.code, s.product_id, p.title, s.on_hand, s.reserved, "
    + "s.on_hand - s.reserved AS available " + LOW_STOCK_WHERE + " ORDER BY available, s.code LIMIT $2";

  private DashboardSql() {
  }
}
