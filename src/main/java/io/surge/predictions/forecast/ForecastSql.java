package io.surge.predictions.forecast;

/**
 * The demand forecasts' statements. Orders, order lines, SKUs and products are read here and never written;
 * {@code demand_forecasts} is written here only.
 */
final class ForecastSql {

  private ForecastSql() {
  }

  /**
   * Units sold per SKU and UTC day and the mean unit price paid (minor units), orders not cancelled (imported
   * history included), in [$2, $1).
   */
  private static final String UNITS = """
    SELECT l.sku_id, (o.created_at AT TIME ZONE 'UTC')::date AS day, sum(l.quantity)::bigint AS units,
           sum(l.line_amount)::double precision / sum(l.quantity) AS price
      FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.status <> 'cancelled' AND o.created_at < ($1::date)::timestamp AT TIME ZONE 'UTC'
       AND o.created_at >= ($2::date)::timestamp AT TIME ZONE 'UTC'""";
  static final String DAILY_UNITS = UNITS + " GROUP BY l.sku_id, day ORDER BY l.sku_id, day";
  static final String SKU_DAILY_UNITS = UNITS + " AND l.sku_id = $3 GROUP BY l.sku_id, day ORDER BY day";

  /** A SKU by id ($1, null when the text is no UUID) or code ($2). */
  static final String SKU = "SELECT id, code FROM skus WHERE id = $1 OR code = $2 ORDER BY id = $1 DESC LIMIT 1";
  static final String STORED = "SELECT from_date, method, mase, candidates, units, low, high, history_days, sale_days, "
    + "trained_at, trees_units, trees_low, trees_high, trees_mase FROM demand_forecasts WHERE sku_id = $1";

  static final String CLEAR = "DELETE FROM demand_forecasts";
  static final String INSERT = "INSERT INTO demand_forecasts (sku_id, from_date, method, mase, candidates, units, low, "
    + "high, history_days, sale_days, trees_units, trees_low, trees_high, trees_mase) "
    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

  /**
   * Active SKUs whose forecast units over the lead time ($2 days from $1) exceed what is available (on hand less
   * reserved): the day the forecast runs them out (1 = $1), most urgent first, then the largest shortfall. Keyset
   * ($3, $4, $5) after the last served; $6 rows.
   */
  static final String RESTOCK = """
    WITH lead AS (
      SELECT f.sku_id, f.method,
             f.units[greatest(0, $1::date - f.from_date) + 1 : greatest(0, $1::date - f.from_date) + $2] AS days
        FROM demand_forecasts f),
    need AS (
      SELECT s.id, s.code, s.product_id, p.title, s.on_hand, s.reserved, s.on_hand - s.reserved AS available,
             l.method, l.days, round((SELECT coalesce(sum(u), 0) FROM unnest(l.days) u)::numeric, 1) AS demand
        FROM lead l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id
       WHERE s.status = 'active'),
    short AS (
      SELECT n.*, n.demand - n.available AS shortfall,
             (SELECT min(x.i) FROM (SELECT t.i, sum(t.u) OVER (ORDER BY t.i) AS c
                                      FROM unnest(n.days) WITH ORDINALITY t(u, i)) x
               WHERE x.c > n.available) AS runs_out_day
        FROM need n WHERE n.demand > n.available)
    SELECT * FROM short
     WHERE $3::int IS NULL OR runs_out_day > $3::int
        OR (runs_out_day = $3::int AND (shortfall < $4::numeric OR (shortfall = $4::numeric AND id > $5::uuid)))
     ORDER BY runs_out_day, shortfall DESC, id LIMIT $6""";
}
