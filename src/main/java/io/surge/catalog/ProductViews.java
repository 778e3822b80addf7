package io.surge.catalog;

import io.surge.reviews.RatingSummary;
import io.surge.shared.JsonTime;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Builds the full product view (product, category, SKUs with current prices and availability,
 * images) from PostgreSQL, plus the moment it stops being true by itself (the next scheduled price
 * change), which bounds how long it may be cached.
 */
final class ProductViews {

  private final Pool pool;
  private final long maxCacheMillis;

  ProductViews(Pool pool, long maxCacheMillis) {
    this.pool = pool;
    this.maxCacheMillis = maxCacheMillis;
  }

  /** Null when there is no such product. */
  Future<ProductCache.Entry> load(UUID productId) {
    return pool.preparedQuery(CatalogSql.FIND_PRODUCT).execute(Tuple.of(productId)).compose(products -> {
      if (products.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row product = products.iterator().next();
      UUID categoryId = product.getUUID("category_id");
      Future<RowSet<Row>> category = categoryId == null ? Future.succeededFuture(null)
        : pool.preparedQuery(CatalogSql.PRODUCT_CATEGORY).execute(Tuple.of(categoryId));
      Future<RowSet<Row>> skus = pool.preparedQuery(CatalogSql.VIEW_SKUS).execute(Tuple.of(productId));
      Future<RowSet<Row>> images = pool.preparedQuery(CatalogSql.VIEW_IMAGES).execute(Tuple.of(productId));
      Future<RowSet<Row>> rating = pool.preparedQuery(RatingSummary.FIND).execute(Tuple.of(productId));
      return Future.all(category, skus, images, rating)
        .map(all -> view(product, category.result(), skus.result(), images.result(), rating.result()));
    });
  }

  private ProductCache.Entry view(Row product, RowSet<Row> category, RowSet<Row> skuRows, RowSet<Row> imageRows,
    RowSet<Row> rating) {
    long expiresAt = System.currentTimeMillis() + maxCacheMillis;
    JsonArray skus = new JsonArray();
    Long priceFrom = null;
    String currency = null;
    for (Row sku : skuRows) {
      if (!"active".equals(sku.getString("status"))) {
        continue;
      }
      long current = sku.getLong("current_amount");
      String skuCurrency = sku.getString("currency");
      int available = sku.getInteger("on_hand") - sku.getInteger("reserved");
      skus.add(new JsonObject()
        .put("id", sku.getUUID("id").toString())
        .put("code", sku.getString("code"))
        .put("options", sku.getJsonObject("options"))
        .put("price", Money.jsonOrNull(current, skuCurrency))
        .put("compare_at", Money.jsonOrNull(sku.getLong("compare_at_amount"), skuCurrency))
        .put("sale_ends_at", JsonTime.time(sku.getOffsetDateTime("sale_ends_at")))
        .put("weight_grams", sku.getInteger("weight_grams"))
        .put("available", available)
        .put("in_stock", available > 0));
      if (priceFrom == null || current < priceFrom) {
        priceFrom = current;
        currency = skuCurrency;
      }
      OffsetDateTime next = sku.getOffsetDateTime("next_change_at");
      if (next != null) {
        expiresAt = Math.min(expiresAt, next.toInstant().toEpochMilli());
      }
    }
    JsonArray images = new JsonArray();
    imageRows.forEach(row -> images.add(CatalogJson.image(row)));
    Row categoryRow = category == null || category.size() == 0 ? null : category.iterator().next();
    int version = product.getInteger("version");
    JsonObject view = new JsonObject()
      .put("id", product.getUUID("id").toString())
      .put("slug", product.getString("slug"))
      .put("title", product.getString("title"))
      .put("description", product.getString("description"))
      .put("brand", product.getString("brand"))
      .put("category", categoryRow == null ? null : new JsonObject().put("id", categoryRow.getUUID("id").toString())
        .put("slug", categoryRow.getString("slug")).put("name", categoryRow.getString("name")))
      .put("attributes", product.getJsonObject("attributes"))
      .put("status", product.getString("status"))
      .put("purchase_limit", product.getInteger("purchase_limit"))
      .put("price_from", Money.jsonOrNull(priceFrom, currency))
      .put("skus", skus)
      .put("images", images)
      .put("rating", RatingSummary.json(rating))
      .put("version", version)
      .put("created_at", JsonTime.time(product.getOffsetDateTime("created_at")))
      .put("updated_at", JsonTime.time(product.getOffsetDateTime("updated_at")));
    return ProductCache.Entry.of(view, version, expiresAt);
  }
}
