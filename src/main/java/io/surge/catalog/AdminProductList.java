package io.surge.catalog;

import io.surge.auth.Roles;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.surge.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /api/v1/admin/products}: every product whatever its status, newest first, cursor-paged, for the
 * console's catalog. Public search finds active products only; a merchant must find drafts and archived ones too.
 */
final class AdminProductList {

  /** $1 text, $2 status, $3 category id or slug, $4 low stock only, $5 threshold, $6/$7 after (created_at, id). */
  private static final String LIST = """
    SELECT p.id, p.slug, p.title, p.brand, p.status, p.category_id, c.slug AS category_slug, p.price_from,
           p.price_currency, p.created_at, p.updated_at,
           count(s.id) AS sku_count, coalesce(sum(s.on_hand - s.reserved), 0)::bigint AS available,
           count(s.id) FILTER (WHERE s.on_hand - s.reserved <= $5) AS low_stock_skus
      FROM products p
      LEFT JOIN categories c ON c.id = p.category_id
      LEFT JOIN skus s ON s.product_id = p.id AND s.status = 'active'
     WHERE ($1::text IS NULL OR strpos(p.search_words, catalog_fold($1)) > 0 OR p.slug = lower($1)
            OR EXISTS (SELECT 1 FROM skus k WHERE k.product_id = p.id AND upper(k.code) = upper($1)))
       AND ($2::text IS NULL OR p.status = $2)
       AND ($3::text IS NULL OR p.category_id IN (SELECT id FROM categories WHERE id::text = $3 OR slug = $3))
       AND ($6::timestamptz IS NULL OR (p.created_at, p.id) < ($6, $7::uuid))
     GROUP BY p.id, c.slug
    HAVING NOT $4::boolean OR count(s.id) FILTER (WHERE s.on_hand - s.reserved <= $5) > 0
     ORDER BY p.created_at DESC, p.id DESC LIMIT $8""";

  private final Pool pool;
  private final int lowStockThreshold;

  AdminProductList(Pool pool, int lowStockThreshold) {
    this.pool = pool;
    this.lowStockThreshold = lowStockThreshold;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminListProducts").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    Object[] after = page.timeAndIdAfter();
    String q = ctx.request().getParam("q");
    Tuple params = Tuple.of(q == null || q.isBlank() ? null : q.strip(), ctx.request().getParam("status"),
      ctx.request().getParam("category"), Boolean.parseBoolean(ctx.request().getParam("low_stock")),
      lowStockThreshold, after[0], after[1], page.fetchSize());
    pool.preparedQuery(LIST).execute(params)
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(summary(row)));
        Replies.ok(ctx, page.page(items,
          item -> PageRequest.timeAndId(item.getString("created_at"), item.getString("id")))
          .put("low_stock_threshold", lowStockThreshold));
      })
      .onFailure(ctx::fail);
  }

  private static JsonObject summary(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("slug", row.getString("slug"))
      .put("title", row.getString("title")).put("brand", row.getString("brand"))
      .put("status", row.getString("status"))
      .put("category_id", row.getUUID("category_id") == null ? null : row.getUUID("category_id").toString())
      .put("category_slug", row.getString("category_slug"))
      .put("price_from", Money.jsonOrNull(row.getLong("price_from"), row.getString("price_currency")))
      .put("sku_count", row.getLong("sku_count")).put("available", row.getLong("available"))
      .put("low_stock_skus", row.getLong("low_stock_skus"))
      .put("created_at", JsonTime.time(row.getOffsetDateTime("created_at")))
      .put("updated_at", JsonTime.time(row.getOffsetDateTime("updated_at")));
  }
}
