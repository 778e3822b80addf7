package io.surge.catalog;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.surge.observability.Meters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.RedisAPI;

import java.util.List;
import java.util.function.Supplier;

/**
 * Two-level read cache for product views and the category tree: a small in-process cache per
 * instance (entries live at most {@code catalog.localCacheMillis}, 1 s by default, so no instance
 * serves a stale price for longer even if an invalidation message is lost) in front of Redis
 * (minutes) in front of PostgreSQL. Concurrent misses for one key share a single load (no stampede).
 * Entries also expire at the product's next scheduled price change, so a sale starts on time.
 *
 * <p>Redis writes are guarded by a per-product generation that writers bump after each commit (content
 * and stock changes alike): a reader notes the generation before it reads PostgreSQL and stores what
 * it read only if no writer bumped it meanwhile, so a reader that loaded an old row cannot put it back
 * after the change. A counter, not the product's version, so a stock move needs no product row lock.
 */
public final class ProductCache {

  public static final String CATEGORY_TREE_KEY = "surge:catalog:categories";
  /**
   * KEYS[1] a product's generation, KEYS[2] its entry: bump the generation, drop the entry. One product per call:
   * on a Redis Cluster each product's pair has its own slot, and a script may only touch one.
   */
  static final String BUMP = """
    redis.call('INCR', KEYS[1])
    redis.call('EXPIRE', KEYS[1], 86400)
    redis.call('DEL', KEYS[2])
    return 1""";
  /** KEYS[1] entry, KEYS[2] generation: the entry ('' if none) and the generation a loader must see unchanged to store. */
  private static final String READ = """
    return {redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0'}""";
  /** KEYS[1] generation, KEYS[2] entry, ARGV[1] generation when loading began, ARGV[2] value, ARGV[3] ttl ms. */
  private static final String STORE_IF_UNCHANGED = """
    if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) return 1 end
    return 0""";

  /**
   * A cached view: the pre-encoded JSON body, its ETag, whether the public may see it, and when it
   * must be recomputed at the latest.
   */
  public record Entry(Buffer body, String etag, boolean visible, int version, long expiresAtMillis) {

    static Entry of(JsonObject view, int version, long expiresAtMillis) {
      Buffer body = view.toBuffer();
      String etag = "\"" + version + "-" + Integer.toHexString(body.hashCode()) + "\"";
      return new Entry(body, etag, "active".equals(view.getString("status")), version, expiresAtMillis);
    }

    JsonObject toRedis() {
      return new JsonObject().put("body", body.toString()).put("etag", etag).put("visible", visible)
        .put("version", version).put("expires_at", expiresAtMillis);
    }

    static Entry fromRedis(String json) {
      JsonObject stored = new JsonObject(json);
      return new Entry(Buffer.buffer(stored.getString("body")), stored.getString("etag"), stored.getBoolean("visible"),
        stored.getInteger("version"), stored.getLong("expires_at"));
    }
  }

  private record Local(AsyncCache<String, Entry> cache) implements Shareable {
  }

  private final AsyncCache<String, Entry> local;
  private final RedisAPI redis;
  private final long redisMillis;

  private ProductCache(AsyncCache<String, Entry> local, RedisAPI redis, long redisMillis) {
    this.local = local;
    this.redis = redis;
    this.redisMillis = redisMillis;
  }

  /** The in-process cache is shared by every verticle instance of this Vert.x; each instance has its own Redis client. */
  public static ProductCache create(Vertx vertx, RedisAPI redis, CatalogSettings settings) {
    long localMillis = settings.localCacheMillis();
    long redisMillis = settings.redisCacheSeconds() * 1000;
    Local shared = (Local) vertx.sharedData().getLocalMap("surge.catalog").computeIfAbsent("cache",
      k -> new Local(Caffeine.newBuilder().maximumSize(20_000).expireAfter(expiry(localMillis))
        .recordStats(Meters.cacheStats("catalog")).buildAsync()));
    return new ProductCache(shared.cache(), redis, redisMillis);
  }

  /** Hash-tagged with the product id like {@link #generationKey}: the scripts read or write both together. */
  public static String entryKey(String productId) {
    return "surge:catalog:product:{" + productId + "}";
  }

  public static String generationKey(String productId) {
    return "surge:catalog:product-gen:{" + productId + "}";
  }

  /** The product view, from the local cache, else Redis, else {@code loader} (PostgreSQL). Null: no such product. */
  public Future<Entry> product(String productId, Supplier<Future<Entry>> loader) {
    return cached("product:" + productId, () -> redis
      .eval(List.of(READ, "2", entryKey(productId), generationKey(productId)))
      .compose(read -> {
        String stored = read.get(0).toString();
        Entry hit = stored.isEmpty() ? null : Entry.fromRedis(stored);
        if (hit != null && hit.expiresAtMillis() > System.currentTimeMillis()) {
          return Future.succeededFuture(hit);
        }
        String generation = read.get(1).toString();
        return loader.get().compose(loaded -> loaded == null ? Future.succeededFuture(null)
          : storeProduct(productId, generation, loaded));
      }));
  }

  public Future<Entry> categoryTree(Supplier<Future<Entry>> loader) {
    return cached("categories", () -> fromRedis(CATEGORY_TREE_KEY).compose(hit -> hit != null
      ? Future.succeededFuture(hit)
      : loader.get().compose(loaded -> redis.set(List.of(CATEGORY_TREE_KEY, loaded.toRedis().encode(), "PX",
        Long.toString(redisMillis))).map(loaded))));
  }

  /** Drops one entry from this process's cache, if the process has one yet (the writer's own instance: read-your-writes). */
  public static void evictLocal(Vertx vertx, String key) {
    Object shared = vertx.sharedData().getLocalMap("surge.catalog").get("cache");
    if (shared instanceof Local cache) {
      cache.cache().synchronous().invalidate(key);
    }
  }

  /** Drops everything this process holds (after a lost invalidation channel). */
  public void evictAll() {
    local.synchronous().invalidateAll();
  }

  /** Drops one entry from this process's cache ("product:<id>" or "categories"). */
  public void evictLocal(String key) {
    local.synchronous().invalidate(key);
  }

  private Future<Entry> cached(String key, Supplier<Future<Entry>> load) {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(
      local.get(key, (k, executor) -> load.get().toCompletionStage().toCompletableFuture()), context);
  }

  private Future<Entry> fromRedis(String key) {
    return redis.get(key).map(value -> {
      if (value == null) {
        return null;
      }
      Entry entry = Entry.fromRedis(value.toString());
      return entry.expiresAtMillis() > System.currentTimeMillis() ? entry : null;
    });
  }

  private Future<Entry> storeProduct(String productId, String generation, Entry entry) {
    long ttl = Math.max(1, Math.min(redisMillis, entry.expiresAtMillis() - System.currentTimeMillis()));
    return redis.eval(List.of(STORE_IF_UNCHANGED, "2", generationKey(productId), entryKey(productId), generation,
      entry.toRedis().encode(), Long.toString(ttl)))
      .map(entry)
      .otherwise(entry);
  }

  /** Local entries live {@code localMillis}, or less when the view changes by itself sooner (a price window). */
  private static Expiry<String, Entry> expiry(long localMillis) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, Entry entry, long currentTime) {
        long untilChange = entry == null ? 0 : entry.expiresAtMillis() - System.currentTimeMillis();
        return Math.max(0, Math.min(localMillis, untilChange)) * 1_000_000L;
      }

      @Override
      public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
        return expireAfterCreate(key, entry, currentTime);
      }

      @Override
      public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
        return currentDuration;
      }
    };
  }
}
