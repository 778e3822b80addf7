package io.surge.catalog;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The category tree: public read (cached), admin create, update and archive. */
final class CategoryRoutes {

  private final Pool pool;
  private final ProductCache cache;
  private final CatalogChanges changes;
  private final Idempotency idempotency;

  CategoryRoutes(Pool pool, ProductCache cache, CatalogChanges changes, Idempotency idempotency) {
    this.pool = pool;
    this.cache = cache;
    this.changes = changes;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("listCategories").addHandler(this::tree);
    api.getRoute("adminCreateCategory").addHandler(Roles.require(Roles.ADMIN)).addHandler(idempotency.handler(false))
      .addHandler(this::create);
    api.getRoute("adminUpdateCategory").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::update);
    api.getRoute("adminArchiveCategory").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::archive);
  }

  private void tree(RoutingContext ctx) {
    cache.categoryTree(this::loadTree)
      .onSuccess(entry -> {
        if (entry.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
          ctx.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, entry.etag()).end();
          return;
        }
        ctx.response().putHeader(HttpHeaders.ETAG, entry.etag())
          .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=30")
          .putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON).end(entry.body());
      })
      .onFailure(ctx::fail);
  }

  private Future<ProductCache.Entry> loadTree() {
    return pool.preparedQuery(CatalogSql.LIST_CATEGORIES).execute().map(rows -> {
      Map<String, JsonObject> byId = new LinkedHashMap<>();
      List<Row> ordered = new ArrayList<>();
      rows.forEach(row -> {
        byId.put(row.getUUID("id").toString(), CatalogJson.category(row).put("children", new JsonArray()));
        ordered.add(row);
      });
      JsonArray roots = new JsonArray();
      for (Row row : ordered) {
        JsonObject node = byId.get(row.getUUID("id").toString());
        node.remove("archived");
        JsonObject parent = row.getUUID("parent_id") == null ? null : byId.get(row.getUUID("parent_id").toString());
        (parent == null ? roots : parent.getJsonArray("children")).add(node);
      }
      return ProductCache.Entry.of(new JsonObject().put("items", roots), 0, Long.MAX_VALUE);
    });
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    pool.preparedQuery(CatalogSql.INSERT_CATEGORY).execute(Tuple.of(body.getString("slug"), body.getString("name"),
      uuidOrNull(body.getString("parent_id")), body.getInteger("position", 0)))
      .recover(DatabaseErrors::mapCategory)
      .compose(rows -> changes.categoriesChanged().map(rows.iterator().next()))
      .onSuccess(row -> Replies.created(ctx, "/api/v1/categories", CatalogJson.category(row)))
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID id = Ids.parse(ctx.pathParam("id"), "The category");
    JsonObject patch = ctx.body().asJsonObject();
    Integer expected = ETags.expectedVersion(ctx);
    pool.withTransaction(tx -> tx.preparedQuery(CatalogSql.FIND_CATEGORY).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The category"));
      }
      JsonObject merged = CatalogJson.category(rows.iterator().next()).mergeIn(patch);
      int version = merged.getInteger("version");
      ETags.requireCurrent(expected, version, "The category has changed since you read it.");
      UUID parent = uuidOrNull(merged.getString("parent_id"));
      Future<Void> parentOk = parent == null ? Future.succeededFuture()
        : tx.preparedQuery(CatalogSql.IS_DESCENDANT).execute(Tuple.of(id, parent))
          .compose(cycle -> cycle.iterator().next().getBoolean(0)
            ? Future.failedFuture(ApiException.conflict(CatalogErrors.CATEGORY_CYCLE,
              "A category cannot sit under itself or its descendants."))
            : Future.succeededFuture());
      return parentOk.compose(v -> tx.preparedQuery(CatalogSql.UPDATE_CATEGORY).execute(Tuple.of(id, version,
        merged.getString("slug"), merged.getString("name"), parent, merged.getInteger("position"))));
    }))
      .recover(DatabaseErrors::mapCategory)
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.preconditionFailed("The category has changed since you read it."))
        : changes.categoriesChanged().map(rows.iterator().next()))
      .onSuccess(row -> Replies.ok(ctx, CatalogJson.category(row), row.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void archive(RoutingContext ctx) {
    UUID id = Ids.parse(ctx.pathParam("id"), "The category");
    pool.preparedQuery(CatalogSql.ARCHIVE_CATEGORY).execute(Tuple.of(id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The category"))
        : changes.categoriesChanged().map(rows.iterator().next()))
      .onSuccess(row -> Replies.ok(ctx, CatalogJson.category(row)))
      .onFailure(ctx::fail);
  }

  static UUID uuidOrNull(String value) {
    return value == null ? null : Ids.parse(value, "The referenced category");
  }
}
