package io.surge.catalog;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Admin product management: create (with SKUs), read in any status, patch with If-Match, archive. */
final class ProductAdminRoutes {

  private final Pool pool;
  private final ProductViews views;
  private final CatalogChanges changes;
  private final Idempotency idempotency;

  ProductAdminRoutes(Pool pool, ProductViews views, CatalogChanges changes, Idempotency idempotency) {
    this.pool = pool;
    this.views = views;
    this.changes = changes;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminCreateProduct").addHandler(Roles.require(Roles.ADMIN)).addHandler(idempotency.handler(false))
      .addHandler(this::create);
    api.getRoute("adminGetProduct").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::get);
    api.getRoute("adminUpdateProduct").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::update);
    api.getRoute("adminArchiveProduct").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::archive);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID actor = UUID.fromString(Roles.userId(ctx));
    UUID category = CategoryRoutes.uuidOrNull(body.getString("category_id"));
    pool.withTransaction(
      tx -> tx.preparedQuery(CatalogSql.INSERT_PRODUCT).execute(ProductWrites.productTuple(body, category))
        .compose(rows -> {
          Row row = rows.iterator().next();
          return ProductWrites.insertSkus(tx, row.getUUID("id"), body.getJsonArray("skus"), actor)
            .compose(skus -> CatalogChanges.refreshPrice(tx, row.getUUID("id"))).map(row);
        }))
      .recover(DatabaseErrors::mapProduct)
      .compose(row -> announced(CatalogChanges.PRODUCT_CREATED, row.getUUID("id"), row.getInteger("version")))
      .compose(this::adminView)
      .onSuccess(view -> Replies.created(ctx, "/api/v1/admin/products/" + view.getString("id"), view))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    adminView(Ids.parse(ctx.pathParam("id"), "The product"))
      .onSuccess(view -> Replies.ok(ctx, view, view.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID id = Ids.parse(ctx.pathParam("id"), "The product");
    JsonObject patch = ctx.body().asJsonObject();
    Integer expected = ETags.expectedVersion(ctx);
    pool.withTransaction(tx -> tx.preparedQuery(CatalogSql.FIND_PRODUCT).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The product"));
      }
      Row current = rows.iterator().next();
      int version = current.getInteger("version");
      ETags.requireCurrent(expected, version, "The product has changed since you read it.");
      JsonObject merged = stored(current).mergeIn(patch);
      Tuple params = Tuple.of(id, version).addValue(merged.getString("slug")).addValue(merged.getString("title"))
        .addValue(merged.getString("description")).addValue(merged.getString("brand"))
        .addValue(CategoryRoutes.uuidOrNull(merged.getString("category_id")))
        .addValue(merged.getJsonObject("attributes")).addValue(merged.getString("status"))
        .addValue(merged.getInteger("purchase_limit"));
      return tx.preparedQuery(CatalogSql.UPDATE_PRODUCT).execute(params);
    }))
      .recover(DatabaseErrors::mapProduct)
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.preconditionFailed("The product has changed since you read it."))
        : announced(CatalogChanges.PRODUCT_UPDATED, id, rows.iterator().next().getInteger("version")))
      .compose(this::adminView)
      .onSuccess(view -> Replies.ok(ctx, view, view.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void archive(RoutingContext ctx) {
    UUID id = Ids.parse(ctx.pathParam("id"), "The product");
    pool.preparedQuery(CatalogSql.ARCHIVE_PRODUCT).execute(Tuple.of(id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The product"))
        : announced(CatalogChanges.PRODUCT_UPDATED, id, rows.iterator().next().getInteger("version")))
      .compose(this::adminView)
      .onSuccess(view -> Replies.ok(ctx, view, view.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private Future<UUID> announced(String type, UUID id, int version) {
    return changes.productChanged(type, id, version, null).map(id);
  }

  /** The storefront view of the product plus every SKU with its base price and raw stock figures. */
  Future<JsonObject> adminView(UUID id) {
    return views.load(id).compose(entry -> {
      if (entry == null) {
        return Future.failedFuture(ApiException.notFound("The product"));
      }
      return pool.preparedQuery(CatalogSql.SKUS_OF_PRODUCT)
        .execute(Tuple.of(id)).map(rows -> {
          JsonArray skus = new JsonArray();
          rows.forEach(row -> skus.add(CatalogJson.sku(row)));
          return new JsonObject(entry.body()).put("admin_skus", skus);
        });
    });
  }

  /** The writable fields as stored, in API names, so a patch can be merged over them. */
  private static JsonObject stored(Row row) {
    return new JsonObject()
      .put("slug", row.getString("slug"))
      .put("title", row.getString("title"))
      .put("description", row.getString("description"))
      .put("brand", row.getString("brand"))
      .put("category_id", row.getUUID("category_id") == null ? null : row.getUUID("category_id").toString())
      .put("attributes", row.getJsonObject("attributes"))
      .put("status", row.getString("status"))
      .put("purchase_limit", row.getInteger("purchase_limit"));
  }
}
