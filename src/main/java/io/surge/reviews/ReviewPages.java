package io.surge.reviews;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.observability.Meters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Public review pages, encoded, held in this process for {@code reviews.pageCacheMillis} (1 s by default):
 * a popular product's reviews are read far more often than written, and concurrent misses share one load.
 * A write in this process drops the product's pages at once (the author reads their own change); other
 * instances serve a page at most that much older. Shared by every HTTP verticle instance of this Vert.x.
 */
final class ReviewPages {

  private record Local(AsyncCache<String, Buffer> cache) implements Shareable {
  }

  private final AsyncCache<String, Buffer> cache;

  private ReviewPages(AsyncCache<String, Buffer> cache) {
    this.cache = cache;
  }

  static ReviewPages create(Vertx vertx, long millis) {
    Local shared = (Local) vertx.sharedData().getLocalMap("surge.reviews").computeIfAbsent("pages",
      k -> new Local(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMillis(Math.max(0, millis)))
        .recordStats(Meters.cacheStats("reviews")).buildAsync()));
    return new ReviewPages(shared.cache());
  }

  /** The page for this product and query, loaded once per lifetime; failures (404) are not kept. */
  Future<Buffer> page(UUID productId, String query, Supplier<Future<Buffer>> load) {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(cache.get(productId + "?" + query,
      (key, executor) -> load.get().toCompletionStage().toCompletableFuture()), context);
  }

  void evict(UUID productId) {
    String prefix = productId + "?";
    cache.synchronous().asMap().keySet().removeIf(key -> key.startsWith(prefix));
  }
}
