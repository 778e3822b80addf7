package io.surge.catalog;

import io.surge.Infrastructure;
import io.surge.catalog.search.SearchCache;
import io.surge.shared.ChannelSubscription;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The catalog domain's own verticle (one per process). It listens for cache invalidations from any
 * instance (Redis pub/sub) and evicts this process's cache; after a lost connection it clears the
 * whole local cache, since messages may have been missed. Every second it also turns scheduled price
 * windows that opened or closed into price history, a version bump and a {@code price.changed} event
 * (a row lock makes one instance do each window, however many run).
 */
public final class CatalogVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogVerticle.class);
  private static final long TICK_MS = 1000;

  private Pool pg;
  private Redis redisClient;
  private Redis subscriberClient;
  private ChannelSubscription invalidations;
  private CatalogChanges changes;
  private ProductCache cache;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    subscriberClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    RedisAPI redis = RedisAPI.api(redisClient);
    changes = new CatalogChanges(vertx, redis);
    cache = ProductCache.create(vertx, redis, CatalogSettings.from(config));
    vertx.setPeriodic(TICK_MS, id -> applyPriceBoundaries());
    invalidations = new ChannelSubscription(vertx, subscriberClient, CatalogChanges.INVALIDATION_CHANNEL,
      this::onInvalidation)
      .onLost(this::evictEverything);
    return invalidations.start();
  }

  /** Invalidations may have been missed while the subscription was down. */
  private void evictEverything() {
    cache.evictAll();
    SearchCache.evictAll(vertx);
  }

  /** {@code product:<id>}, {@code categories}, or {@code stock:product:<id>,product:<id>...} (search is not affected). */
  private void onInvalidation(String message) {
    boolean stockOnly = message.startsWith(CatalogChanges.STOCK_ONLY);
    String keys = stockOnly ? message.substring(CatalogChanges.STOCK_ONLY.length()) : message;
    for (String key : keys.split(CatalogChanges.KEY_SEPARATOR)) {
      cache.evictLocal(key);
    }
    if (!stockOnly) {
      SearchCache.evictAll(vertx);
    }
  }

  /** Finds windows that opened or closed since the last tick and announces each affected product once. */
  private void applyPriceBoundaries() {
    List<Row> changed = new ArrayList<>();
    pg.withTransaction(tx -> tx.query(CatalogSql.INIT_CLOCK).execute()
      .compose(v -> tx.query(CatalogSql.LOCK_CLOCK).execute())
      .compose(clock -> {
        if (clock.size() == 0) {
          return Future.succeededFuture();
        }
        Row row = clock.iterator().next();
        OffsetDateTime from = row.getOffsetDateTime("processed_to");
        OffsetDateTime to = row.getOffsetDateTime("now");
        return tx.preparedQuery(CatalogSql.BOUNDARIES).execute(Tuple.of(from, to))
          .compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row boundary : rows) {
              chain = chain.compose(v -> record(tx, boundary, changed));
            }
            return chain;
          })
          .compose(v -> tx.preparedQuery(CatalogSql.ADVANCE_CLOCK).execute(Tuple.of(to)).mapEmpty());
      }))
      .onSuccess(v -> changed.forEach(row -> changes.productChanged(CatalogChanges.PRICE_CHANGED,
        row.getUUID("product_id"), row.getInteger("version"),
        new JsonObject().put("sku_id", row.getUUID("sku_id").toString()))))
      .onFailure(e -> LOG.warn("Applying scheduled prices failed; will retry", e));
  }

  private Future<Void> record(SqlConnection tx, Row boundary, List<Row> changed) {
    UUID skuId = boundary.getUUID("sku_id");
    UUID productId = boundary.getUUID("product_id");
    return tx.preparedQuery(CatalogSql.CURRENT_PRICE).execute(Tuple.of(skuId)).compose(prices -> {
      if (prices.size() == 0) {
        return Future.succeededFuture();
      }
      Row price = prices.iterator().next();
      return tx.preparedQuery(CatalogSql.RECORD_PRICE).execute(Tuple.of(skuId, price.getLong("current_amount"),
        price.getString("currency"), boundary.getString("kind"), null))
        .compose(v -> tx.preparedQuery(CatalogSql.TOUCH_RETURNING).execute(Tuple.of(productId, skuId)))
        .map(rows -> {
          changed.add(rows.iterator().next());
          return null;
        });
    });
  }

  @Override
  public Future<?> stop() {
    if (invalidations != null) {
      invalidations.close();
    }
    subscriberClient.close();
    redisClient.close();
    return pg.close();
  }
}
