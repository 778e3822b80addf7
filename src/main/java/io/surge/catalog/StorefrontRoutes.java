package io.surge.catalog;

import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/** Public catalog reads: a product page (cached, ETag, 304) and filtered, cursor-paginated product lists. */
final class StorefrontRoutes {

  private static final String CACHE_CONTROL = "public, max-age=1";
  private static final int MAX_SLUG = 120;

  private final Pool pool;
  private final ProductCache cache;
  private final ProductViews views;

  StorefrontRoutes(Pool pool, ProductCache cache, ProductViews views) {
    this.pool = pool;
    this.cache = cache;
    this.views = views;
  }

  void mount(RouterBuilder api) {
    // The hottest route: its one parameter is checked here rather than by the OpenAPI validator,
    // which runs on a worker thread and would cost two thread hops per page view.
    api.getRoute("getProduct").setDoValidation(false).addHandler(this::product);
    api.getRoute("listProducts").addHandler(this::list);
  }

  private void product(RoutingContext ctx) {
    String idOrSlug = ctx.pathParam("idOrSlug");
    if (idOrSlug == null || idOrSlug.length() > MAX_SLUG) {
      ctx.fail(ApiException.notFound("The product"));
      return;
    }
    UUID id = Ids.tryParse(idOrSlug);
    Future<UUID> productId = id != null ? Future.succeededFuture(id)
      : pool.preparedQuery(CatalogSql.PRODUCT_ID_BY_SLUG).execute(Tuple.of(idOrSlug))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    productId
      .compose(found -> found == null ? Future.succeededFuture(null)
        : cache.product(found.toString(), () -> views.load(found)))
      .onSuccess(entry -> {
        if (entry == null || !entry.visible()) {
          ctx.fail(ApiException.notFound("The product"));
        } else if (entry.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
          ctx.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, entry.etag())
            .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).end();
        } else {
          ctx.response().putHeader(HttpHeaders.ETAG, entry.etag()).putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
            .putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON).end(entry.body());
        }
      })
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    ListingSort sort = ListingSort.of(ctx.request().getParam("sort"));
    String category = ctx.request().getParam("category");
    Future<UUID[]> categories = category == null ? Future.succeededFuture(null)
      : pool.preparedQuery(CatalogSql.CATEGORY_AND_DESCENDANTS).execute(Tuple.of(category)).map(rows -> {
        Object ids = rows.iterator().next().getValue(0);
        return ids == null ? new UUID[0] : (UUID[]) ids;
      });
    categories.compose(ids -> {
      Tuple params = Tuple.of(page.fetchSize()).addValue(ids).addValue(ctx.request().getParam("brand"))
        .addValue(longParam(ctx, "price_min")).addValue(longParam(ctx, "price_max"));
      sort.bindCursor(params, page.after());
      return pool.preparedQuery(sort.sql()).execute(params);
    })
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(CatalogJson.listItem(row)));
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=5");
        Replies.ok(ctx, page.page(items, sort::cursorOf));
      })
      .onFailure(ctx::fail);
  }

  /** Digits within a long: {@link io.surge.http.InputGuard} let nothing else through. */
  private static Long longParam(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? null : Long.parseLong(value);
  }

  /** The listing orders and their keyset conditions ($6 = last sort value, $7 = last id). */
  enum ListingSort {
    NEWEST("p.created_at < $6::timestamptz OR (p.created_at = $6::timestamptz AND p.id < $7)",
      "p.created_at DESC, p.id DESC"),
    PRICE_ASC("p.price_from > $6::bigint OR (p.price_from = $6::bigint AND p.id > $7)", "p.price_from, p.id"),
    PRICE_DESC("p.price_from < $6::bigint OR (p.price_from = $6::bigint AND p.id < $7)",
      "p.price_from DESC, p.id DESC"),
    TITLE("p.title > $6::text OR (p.title = $6::text AND p.id > $7)", "p.title, p.id");

    private final String sql;

    ListingSort(String after, String order) {
      this.sql = CatalogSql.LIST_BASE + " AND ($7::uuid IS NULL OR " + after + ") ORDER BY " + order + " LIMIT $1";
    }

    static ListingSort of(String name) {
      return name == null ? NEWEST : valueOf(name.toUpperCase(Locale.ROOT));
    }

    String sql() {
      return sql;
    }

    void bindCursor(Tuple params, JsonArray after) {
      if (after == null) {
        params.addValue(null).addValue(null);
        return;
      }
      try {
        Object value = switch (this) {
          case NEWEST -> OffsetDateTime.parse(after.getString(0));
          case PRICE_ASC, PRICE_DESC -> after.getLong(0);
          case TITLE -> after.getString(0);
        };
        params.addValue(value).addValue(UUID.fromString(after.getString(1)));
      } catch (RuntimeException e) {
        throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
      }
    }

    JsonArray cursorOf(JsonObject item) {
      Object value = switch (this) {
        case NEWEST -> item.getString("created_at");
        case PRICE_ASC, PRICE_DESC -> item.getJsonObject("price_from").getLong("amount");
        case TITLE -> item.getString("title");
      };
      return new JsonArray().add(value).add(item.getString("id"));
    }
  }
}
