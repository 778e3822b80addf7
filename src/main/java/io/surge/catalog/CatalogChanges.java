package io.surge.catalog;

import io.surge.catalog.CatalogBus.CatalogEvent;
import io.surge.catalog.search.SearchCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * How every catalog write ends: inside the transaction the product's version is bumped (the version
 * covers the product's content: SKUs, prices, images); after the commit the change is announced, which
 * evicts caches on every instance and tells other domains. Stock moves bump no version (a checkout must
 * not lock the product row): they are only announced, in batches ({@link #stockMoved}).
 */
public final class CatalogChanges {

  /** Redis pub/sub channel every instance listens on to evict its in-process cache. */
  public static final String INVALIDATION_CHANNEL = "surge:catalog:invalidate";

  /** Prefix of invalidation messages that concern availability only (product caches, not search). */
  static final String STOCK_ONLY = "stock:";
  /** Separates the keys of one invalidation message (stock moves are announced in batches). */
  static final String KEY_SEPARATOR = ",";

  public static final String PRODUCT_CREATED = "product.created";
  public static final String PRODUCT_UPDATED = "product.updated";
  public static final String PRICE_CHANGED = "price.changed";
  public static final String INVENTORY_CHANGED = "inventory.changed";
  public static final String CATEGORIES_CHANGED = "categories.changed";
  /** A product's rating summary changed (reviews domain): the product page shows it, search results do not. */
  public static final String RATING_CHANGED = "rating.changed";

  /** Recomputes the product's "from" price (cheapest active SKU right now) from the sku_prices view. */
  public static final String PRICE_FROM = """
    price_from = (SELECT min(current_amount) FROM sku_prices WHERE product_id = products.id),
    price_currency = (SELECT min(currency) FROM sku_prices WHERE product_id = products.id)""";
  private static final String TOUCH = "UPDATE products SET version = version + 1, updated_at = now(), " + PRICE_FROM
    + " WHERE id = $1 RETURNING version";
  private static final String REFRESH_PRICE = "UPDATE products SET " + PRICE_FROM + " WHERE id = $1";

  private final Vertx vertx;
  private final RedisAPI redis;
  /** Products whose stock moved since the last announcement began, with the SKU that moved (the last, if several). */
  private final Map<UUID, UUID> stockPending = new LinkedHashMap<>();
  private boolean announcingStock;

  public CatalogChanges(Vertx vertx, RedisAPI redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Inside the writer's transaction: bump the product's version; yields the new version. */
  public static Future<Integer> touchProduct(SqlClient tx, UUID productId) {
    return tx.preparedQuery(TOUCH).execute(Tuple.of(productId))
      .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  /** Inside the writer's transaction, for a new product: compute its "from" price without a version bump. */
  public static Future<Void> refreshPrice(SqlClient tx, UUID productId) {
    return tx.preparedQuery(REFRESH_PRICE).execute(Tuple.of(productId)).mapEmpty();
  }

  /**
   * After the commit: bump the product's cache generation and delete the Redis copy (so a reader that
   * loaded the old row cannot write it back), tell every instance to drop its local copy, and publish
   * the domain event on the event bus.
   */
  public Future<Void> productChanged(String type, UUID productId, int version, JsonObject details) {
    String id = productId.toString();
    // This process first, before the writer hears back: an admin reads their own change at once.
    ProductCache.evictLocal(vertx, "product:" + id);
    // Search results show no stock and no ratings: a stock adjustment must not empty every search cache.
    boolean stockOnly = INVENTORY_CHANGED.equals(type) || RATING_CHANGED.equals(type);
    if (!stockOnly) {
      SearchCache.evictAll(vertx);
    }
    JsonObject event = new CatalogEvent(type, productId, version, details).toJson();
    return redis.eval(List.of(ProductCache.BUMP, "2", ProductCache.generationKey(id), ProductCache.entryKey(id)))
      .compose(v -> redis.publish(INVALIDATION_CHANNEL, (stockOnly ? STOCK_ONLY : "") + "product:" + id))
      .onComplete(ar -> vertx.eventBus().publish(CatalogBus.EVENTS, event))
      .mapEmpty();
  }

  /**
   * After the commit of stock moves (checkouts, cancellations, shipments, flash sales): the same as
   * {@link #productChanged} for availability, without a product version. Called on the writer's event
   * loop; while one announcement is on its way to Redis, later moves queue up and go together in the
   * next (one script and one message for many checkouts of a busy product).
   */
  public void stockMoved(List<Stock.Moved> moved) {
    for (Stock.Moved product : moved) {
      ProductCache.evictLocal(vertx, "product:" + product.productId());
      stockPending.put(product.productId(), product.skuId());
    }
    if (!announcingStock) {
      announceStock();
    }
  }

  private void announceStock() {
    if (stockPending.isEmpty()) {
      announcingStock = false;
      return;
    }
    announcingStock = true;
    Map<UUID, UUID> batch = new LinkedHashMap<>(stockPending);
    stockPending.clear();
    // One script per product (each product's keys have their own slot on a Redis Cluster), sent together; still
    // one message for all of them.
    List<Future<?>> bumps = new ArrayList<>(batch.size());
    StringJoiner keys = new StringJoiner(KEY_SEPARATOR, STOCK_ONLY, "");
    batch.keySet().forEach(productId -> {
      bumps.add(redis.eval(List.of(ProductCache.BUMP, "2", ProductCache.generationKey(productId.toString()),
        ProductCache.entryKey(productId.toString()))));
      keys.add("product:" + productId);
    });
    Future.join(bumps).compose(v -> redis.publish(INVALIDATION_CHANNEL, keys.toString())).onComplete(ar -> {
      batch.forEach((productId, skuId) -> {
        // Again after Redis: a reader of this process may have reloaded the old copy from Redis meanwhile.
        ProductCache.evictLocal(vertx, "product:" + productId);
        vertx.eventBus().publish(CatalogBus.EVENTS, new CatalogEvent(INVENTORY_CHANGED, productId, null,
          new JsonObject().put("sku_id", skuId.toString())).toJson());
      });
      announceStock();
    });
  }

  /** After the commit of a category change: drop the cached tree everywhere. */
  public Future<Void> categoriesChanged() {
    ProductCache.evictLocal(vertx, "categories");
    return redis.del(List.of(ProductCache.CATEGORY_TREE_KEY))
      .compose(v -> redis.publish(INVALIDATION_CHANNEL, "categories"))
      .onComplete(ar -> vertx.eventBus().publish(CatalogBus.EVENTS, CatalogEvent.categoriesChanged().toJson()))
      .mapEmpty();
  }
}
