package io.surge.catalog;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.surge.shared.JsonTime;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Admin SKU management: create, patch, archive, prices (base, scheduled, history) and stock adjustments. */
final class SkuAdminRoutes {

  private final Pool pool;
  private final CatalogChanges changes;
  private final Idempotency idempotency;

  SkuAdminRoutes(Pool pool, CatalogChanges changes, Idempotency idempotency) {
    this.pool = pool;
    this.changes = changes;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    admin(api, "adminCreateSku").addHandler(idempotency.handler(false)).addHandler(this::create);
    admin(api, "adminUpdateSku").addHandler(this::update);
    admin(api, "adminArchiveSku").addHandler(this::archive);
    admin(api, "adminSetPrice").addHandler(this::setPrice);
    admin(api, "adminSchedulePrice").addHandler(idempotency.handler(false)).addHandler(this::schedulePrice);
    admin(api, "adminListScheduledPrices").addHandler(this::listScheduledPrices);
    admin(api, "adminDeleteScheduledPrice").addHandler(this::deleteScheduledPrice);
    admin(api, "adminPriceHistory").addHandler(this::priceHistory);
    admin(api, "adminAdjustInventory").addHandler(idempotency.handler(true)).addHandler(this::adjustInventory);
  }

  private static io.vertx.ext.web.openapi.router.OpenAPIRoute admin(RouterBuilder api, String operation) {
    return api.getRoute(operation).addHandler(Roles.require(Roles.ADMIN));
  }

  private void create(RoutingContext ctx) {
    UUID productId = Ids.parse(ctx.pathParam("id"), "The product");
    UUID actor = actor(ctx);
    JsonObject body = ctx.body().asJsonObject();
    pool.withTransaction(tx -> ProductWrites.insertSku(tx, productId, body, "", actor)
      .compose(row -> CatalogChanges.touchProduct(tx, productId).map(version -> new Written(row, version))))
      .recover(DatabaseErrors::mapProduct)
      .compose(written -> announce(CatalogChanges.PRODUCT_UPDATED, written, null))
      // A SKU is read as part of its product (admin_skus); /api/v1/admin/skus/{id} only takes changes.
      .onSuccess(row -> Replies.created(ctx, "/api/v1/admin/products/" + productId, CatalogJson.sku(row)))
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    JsonObject patch = ctx.body().asJsonObject();
    Integer expected = ETags.expectedVersion(ctx);
    pool.withTransaction(tx -> lockSku(tx, skuId).compose(current -> {
      int version = current.getInteger("version");
      ETags.requireCurrent(expected, version, "The SKU has changed since you read it.");
      JsonObject options = patch.containsKey("options") ? patch.getJsonObject("options")
        : current.getJsonObject("options");
      Long compareAt = patch.containsKey("compare_at_amount") ? patch.getLong("compare_at_amount")
        : current.getLong("compare_at_amount");
      Integer weight = patch.containsKey("weight_grams") ? patch.getInteger("weight_grams")
        : current.getInteger("weight_grams");
      return tx.preparedQuery(CatalogSql.UPDATE_SKU).execute(Tuple.of(skuId, version, options, compareAt, weight))
        .compose(rows -> touched(tx, rows.iterator().next()));
    }))
      .compose(written -> announce(CatalogChanges.PRODUCT_UPDATED, written, null))
      .onSuccess(row -> Replies.ok(ctx, CatalogJson.sku(row), row.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void archive(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    pool
      .withTransaction(tx -> tx.preparedQuery(CatalogSql.ARCHIVE_SKU).execute(Tuple.of(skuId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The SKU"))
          : touched(tx, rows.iterator().next())))
      .compose(written -> announce(CatalogChanges.PRODUCT_UPDATED, written, null))
      .onSuccess(row -> Replies.ok(ctx, CatalogJson.sku(row)))
      .onFailure(ctx::fail);
  }

  private void setPrice(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    JsonObject body = ctx.body().asJsonObject();
    long amount = body.getLong("amount");
    pool.withTransaction(tx -> lockSku(tx, skuId).compose(current -> {
      Long compareAt = body.containsKey("compare_at_amount") ? body.getLong("compare_at_amount")
        : current.getLong("compare_at_amount");
      return tx.preparedQuery(CatalogSql.SET_PRICE).execute(Tuple.of(skuId, amount, compareAt))
        .compose(rows -> tx.preparedQuery(CatalogSql.RECORD_PRICE)
          .execute(Tuple.of(skuId, amount, current.getString("currency"), "base", actor(ctx)))
          .compose(v -> touched(tx, rows.iterator().next())));
    }))
      .compose(written -> announce(CatalogChanges.PRICE_CHANGED, written,
        new JsonObject().put("sku_id", skuId.toString()).put("base_amount", amount)))
      .onSuccess(row -> Replies.ok(ctx, CatalogJson.sku(row)))
      .onFailure(ctx::fail);
  }

  private void schedulePrice(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    JsonObject body = ctx.body().asJsonObject();
    OffsetDateTime startsAt = OffsetDateTime.parse(body.getString("starts_at"));
    OffsetDateTime endsAt = body.getString("ends_at") == null ? null : OffsetDateTime.parse(body.getString("ends_at"));
    if (endsAt != null && !endsAt.isAfter(startsAt)) {
      throw ApiException.invalidField("ends_at", "before_start", "ends_at must be after starts_at.");
    }
    pool.withTransaction(tx -> lockSku(tx, skuId).compose(sku -> tx.preparedQuery(CatalogSql.INSERT_SCHEDULED_PRICE)
      .execute(Tuple.of(skuId, body.getLong("amount"), startsAt, endsAt, actor(ctx)))
      .compose(rows -> CatalogChanges.touchProduct(tx, sku.getUUID("product_id"))
        .map(version -> new Written(sku, version, rows.iterator().next())))))
      .compose(
        written -> announce(CatalogChanges.PRICE_CHANGED, written, new JsonObject().put("sku_id", skuId.toString()))
          .map(written.extra()))
      .onSuccess(row -> Replies.created(ctx, "/api/v1/admin/skus/" + skuId + "/scheduled-prices",
        CatalogJson.scheduledPrice(row)))
      .onFailure(ctx::fail);
  }

  private void listScheduledPrices(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    pool.preparedQuery(CatalogSql.LIST_SCHEDULED_PRICES).execute(Tuple.of(skuId))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(CatalogJson.scheduledPrice(row)));
        Replies.ok(ctx, new JsonObject().put("items", items).put("next_cursor", null));
      })
      .onFailure(ctx::fail);
  }

  private void deleteScheduledPrice(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    UUID priceId = Ids.parse(ctx.pathParam("priceId"), "The scheduled price");
    pool.withTransaction(tx -> lockSku(tx, skuId).compose(sku -> tx.preparedQuery(CatalogSql.DELETE_SCHEDULED_PRICE)
      .execute(Tuple.of(priceId, skuId)).compose(rows -> rows.rowCount() == 0
        ? Future.failedFuture(ApiException.notFound("The scheduled price"))
        : CatalogChanges.touchProduct(tx, sku.getUUID("product_id")).map(version -> new Written(sku, version)))))
      .compose(
        written -> announce(CatalogChanges.PRICE_CHANGED, written, new JsonObject().put("sku_id", skuId.toString())))
      .onSuccess(row -> Replies.noContent(ctx))
      .onFailure(ctx::fail);
  }

  private void priceHistory(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    PageRequest page = PageRequest.from(ctx);
    Long before = page.longAfter();
    pool.preparedQuery(CatalogSql.PRICE_HISTORY).execute(Tuple.of(skuId, page.fetchSize(), before))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("price", Money.jsonOrNull(row.getLong("amount"), row.getString("currency")))
          .put("kind", row.getString("kind"))
          .put("changed_by", row.getUUID("changed_by") == null ? null : row.getUUID("changed_by").toString())
          .put("changed_at", JsonTime.time(row.getOffsetDateTime("changed_at")))));
        Replies.ok(ctx, page.page(items, item -> new JsonArray().add(item.getLong("id"))));
      })
      .onFailure(ctx::fail);
  }

  /** Adds or removes stock with a reason; never below zero or below what is reserved. */
  private void adjustInventory(RoutingContext ctx) {
    UUID skuId = skuId(ctx);
    JsonObject body = ctx.body().asJsonObject();
    int delta = body.getInteger("delta");
    pool.withTransaction(tx -> lockSku(tx, skuId)
      .compose(sku -> tx.preparedQuery(CatalogSql.ADJUST_STOCK).execute(Tuple.of(skuId, delta)).compose(rows -> {
        if (rows.size() == 0) {
          int available = sku.getInteger("on_hand") - sku.getInteger("reserved");
          return Future.failedFuture(ApiException.conflict(CatalogErrors.INSUFFICIENT_STOCK, "Cannot remove " + (-delta)
            + " units: only " + available + " are on hand and not reserved."));
        }
        Row stock = rows.iterator().next();
        return tx.preparedQuery(CatalogSql.RECORD_ADJUSTMENT)
          .execute(Tuple.of(skuId, delta, body.getString("reason"), stock.getInteger("on_hand"), actor(ctx)))
          .compose(adjustment -> CatalogChanges.touchProduct(tx, sku.getUUID("product_id"))
            .map(version -> new Written(sku, version, adjustment.iterator().next(), stock)));
      })))
      .compose(written -> announce(CatalogChanges.INVENTORY_CHANGED, written,
        new JsonObject().put("sku_id", skuId.toString())
          .put("on_hand", written.stock().getInteger("on_hand")).put("delta", delta))
        .map(written))
      .onSuccess(written -> {
        int onHand = written.stock().getInteger("on_hand");
        int reserved = written.stock().getInteger("reserved");
        Replies.created(ctx, "/api/v1/admin/products/" + written.sku().getUUID("product_id"), new JsonObject()
          .put("id", written.extra().getUUID("id").toString())
          .put("sku_id", skuId.toString())
          .put("delta", delta)
          .put("reason", body.getString("reason"))
          .put("inventory",
            new JsonObject().put("on_hand", onHand).put("reserved", reserved).put("available", onHand - reserved))
          .put("created_at", JsonTime.time(written.extra().getOffsetDateTime("created_at"))));
      })
      .onFailure(ctx::fail);
  }

  /** A committed write: the SKU row, the product's new version, and whatever else the handler needs. */
  private record Written(Row sku, int version, Row extra, Row stock) {
    Written(Row sku, int version) {
      this(sku, version, null, null);
    }

    Written(Row sku, int version, Row extra) {
      this(sku, version, extra, null);
    }
  }

  private static Future<Written> touched(SqlConnection tx, Row sku) {
    return CatalogChanges.touchProduct(tx, sku.getUUID("product_id")).map(version -> new Written(sku, version));
  }

  private Future<Row> announce(String type, Written written, JsonObject details) {
    return changes.productChanged(type, written.sku().getUUID("product_id"), written.version(), details)
      .map(written.sku());
  }

  private static Future<Row> lockSku(SqlConnection tx, UUID skuId) {
    return tx.preparedQuery(CatalogSql.FIND_SKU_FOR_UPDATE).execute(Tuple.of(skuId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The SKU"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  private static UUID skuId(RoutingContext ctx) {
    return Ids.parse(ctx.pathParam("skuId"), "The SKU");
  }

  private static UUID actor(RoutingContext ctx) {
    return UUID.fromString(Roles.userId(ctx));
  }
}
