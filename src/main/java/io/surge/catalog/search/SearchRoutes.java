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
import io.vertx.sqlclient.Pool;
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

  private SearchRoutes(Pool pool, SearchCache cache) {
    this.pool = pool;
    this.cache = cache;
  }

  /** {@code cacheSeconds}: {@code catalog.searchCacheSeconds}. */
  public static void mount(RouterBuilder api, Infrastructure infra, int cacheSeconds) {
    SearchRoutes routes = new SearchRoutes(infra.pg(), SearchCache.create(infra.vertx(), cacheSeconds));
    api.getRoute("searchProducts").addHandler(routes::search);
    api.getRoute("suggestProducts").addHandler(routes::suggest);
  }

  /** The page and (on the first page only) the facets, as two statements running side by side. */
  private void search(RoutingContext ctx) {
    SearchRequest request = SearchRequest.from(ctx);
    cache.get(ctx.request().uri(), () -> results(request))
      .onSuccess(body -> send(ctx, body))
      .onFailure(ctx::fail);
  }

  private Future<Buffer> results(SearchRequest request) {
    Future<RowSet<Row>> page = pool.preparedQuery(SearchSql.PAGE).execute(request.filters()
      .addValue(request.afterScore()).addValue(request.afterId()).addInteger(request.page().fetchSize()));
    Future<JsonObject> facets = request.firstPage()
      ? pool.preparedQuery(SearchSql.FACETS).execute(request.filters().addInteger(VALUES_PER_ATTRIBUTE))
        .map(SearchJson::facets)
      : Future.succeededFuture();
    return Future.all(page, facets).map(done -> {
      JsonArray items = new JsonArray();
      page.result().forEach(row -> items.add(SearchJson.hit(row)));
      JsonObject body = request.page().page(items, SearchJson::sortKey);
      if (facets.result() != null) {
        body.put("total", facets.result().remove("total")).put("facets", facets.result());
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
