package io.surge.catalog.search;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.observability.Meters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Encoded search and suggest responses by request URI, kept in-process for as long as clients may
 * cache them anyway ({@code Cache-Control: max-age}). Storefront searches repeat heavily; a broad
 * query costs PostgreSQL tens of milliseconds, a hit costs nothing, and concurrent identical misses
 * share one query. Every catalog change clears it (see CatalogVerticle), so results lag a change only
 * by the invalidation's travel time.
 */
public final class SearchCache {

  private record Shared(AsyncCache<String, Buffer> cache) implements Shareable {
  }

  private final AsyncCache<String, Buffer> cache;

  private SearchCache(AsyncCache<String, Buffer> cache) {
    this.cache = cache;
  }

  static SearchCache create(Vertx vertx, int seconds) {
    Shared shared = (Shared) vertx.sharedData().getLocalMap("surge.search").computeIfAbsent("cache",
      k -> new Shared(
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(seconds))
          .recordStats(Meters.cacheStats("search")).buildAsync()));
    return new SearchCache(shared.cache());
  }

  /** Any catalog change may change any result: drop them all (changes are rare next to searches). */
  public static void evictAll(Vertx vertx) {
    Object shared = vertx.sharedData().getLocalMap("surge.search").get("cache");
    if (shared instanceof Shared cached) {
      cached.cache().synchronous().invalidateAll();
    }
  }

  Future<Buffer> get(String key, Supplier<Future<Buffer>> load) {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(
      cache.get(key, (k, executor) -> load.get().toCompletionStage().toCompletableFuture()),
      context);
  }
}
