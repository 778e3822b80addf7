package io.surge.catalog.search;

import io.surge.Infrastructure;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** Storefront search and autocomplete: public, active products only, cacheable for a short while. */
public final class SearchRoutes {

  static final String CACHE_CONTROL = "public, max-age=30";
  static final int VALUES_PER_ATTRIBUTE = 10;
  static final int DEFAULT_SUGGESTIONS = 8;

  private final Pool pool;
  private final SearchCache cache;
  private final int candidates;

  private SearchRoutes(Pool pool, SearchCache cache, int candidates) {
    this.pool = pool;
    this.cache = cache;
    this.candidates = candidates;
  }

  /**
   * {@code cacheSeconds}: {@code catalog.searchCacheSeconds}; {@code candidates}:
   * {@code catalog.searchCandidates}, the most matches one search ranks, serves and counts.
   */
  public static void mount(RouterBuilder api, Infrastructure infra, int cacheSeconds, int candidates, int poolSize) {
    SearchRoutes routes = new SearchRoutes(searchPool(infra, poolSize), SearchCache.create(infra.vertx(), cacheSeconds),
      candidates);
    api.getRoute("searchProducts").addHandler(routes::search);
    api.getRoute("suggestProducts").addHandler(routes::suggest);
  }

  /**
   * Search's own connections ({@code catalog.searchPoolSize}), planned per query: the best plan for the
   * candidate slice depends on how many products the query matches (a broad word reads the popularity
   * index and stops; a rare one reads the text index and sorts), which only the query's own tsquery tells
   * the planner. A cached generic plan would pick one plan for all. Its own pool also keeps a burst of
   * searches from taking the connections checkout and flash sales need.
   */
  private static Pool searchPool(Infrastructure infra, int poolSize) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(poolSize).setShared(true).setName("surge-search"))
      .connectingTo(Infrastructure.pgConnectOptions(infra.config().getJsonObject("postgres"))
        .addProperty("plan_cache_mode", "force_custom_plan"))
      .using(infra.vertx())
      .build();
  }

  /**
   * The page and (on the first page only) the facets, as two statements running side by side. A broad
   * query ranks, serves and counts only its {@code candidates} most popular matches: {@code total} is
   * exact up to that cap ({@code total_exact}), then "at least".
   */
  private void search(RoutingContext ctx) {
    SearchRequest request = SearchRequest.from(ctx);
    cache.get(ctx.request().uri(), () -> results(request))
      .onSuccess(body -> send(ctx, body))
      .onFailure(ctx::fail);
  }

  /** First the query's words corrected (see SearchSql.QUERY), then the page and facets for that query. */
  private Future<Buffer> results(SearchRequest request) {
    return pool.preparedQuery(SearchSql.QUERY).execute(Tuple.of(request.q()))
      .compose(rows -> {
        Row row = rows.iterator().next();
        return results(request, row.getString("corrected"), row.getString("typed"));
      });
  }

  private Future<Buffer> results(SearchRequest request, String corrected, String typed) {
    Future<RowSet<Row>> page = pool.preparedQuery(SearchSql.PAGE).execute(request.filters(corrected)
      .addValue(request.afterScore()).addValue(request.afterId()).addInteger(request.page().fetchSize())
      .addInteger(candidates).addString(typed));
    Future<JsonObject> facets = request.firstPage()
      ? pool.preparedQuery(SearchSql.FACETS).execute(request.filters(corrected).addInteger(VALUES_PER_ATTRIBUTE)
        .addInteger(candidates)).map(SearchJson::facets)
      : Future.succeededFuture();
    return Future.all(page, facets).map(done -> {
      JsonArray items = new JsonArray();
      page.result().forEach(row -> items.add(SearchJson.hit(row)));
      JsonObject body = request.page().page(items, SearchJson::sortKey);
      if (facets.result() != null) {
        long total = (Long) facets.result().remove("total");
        body.put("total", Math.min(total, candidates)).put("total_exact", total <= candidates)
          .put("facets", facets.result());
      }
      items.forEach(item -> ((JsonObject) item).remove("score"));
      return body.toBuffer();
    });
  }

  private static void send(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
      .end(body);
  }

  private void suggest(RoutingContext ctx) {
    String limit = ctx.request().getParam("limit");
    String prefix = likeEscape(ctx.request().getParam("q").trim());
    cache.get(ctx.request().uri(), () -> pool.preparedQuery(SearchSql.SUGGEST)
      .execute(Tuple.of(prefix, limit == null ? DEFAULT_SUGGESTIONS : Integer.parseInt(limit)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getUUID("id").toString())
          .put("slug", row.getString("slug")).put("title", row.getString("title"))));
        return new JsonObject().put("items", items).toBuffer();
      }))
      .onSuccess(body -> send(ctx, body))
      .onFailure(ctx::fail);
  }

  /** A typed % or _ is a character to find, not a wildcard. */
  static String likeEscape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
