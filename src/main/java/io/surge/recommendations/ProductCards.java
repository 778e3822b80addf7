package io.surge.recommendations;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.catalog.images.ImageStorage;
import io.surge.shared.Money;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a list item shows of a product (id, slug, title, image, price, SKU codes), for products that can be
 * sold now: active, with an active SKU in stock. Kept in-process for {@code recommendations.cacheMillis}
 * (1 s by default, as long as the catalog's own local cache), so an archived or sold-out product leaves every
 * list within about a second, and a list costs no catalog query while its products are cached.
 */
final class ProductCards {

  private record Shared(AsyncCache<UUID, Optional<JsonObject>> cache) implements Shareable {
  }

  private final Pool pool;
  private final AsyncCache<UUID, Optional<JsonObject>> cache;

  private ProductCards(Pool pool, AsyncCache<UUID, Optional<JsonObject>> cache) {
    this.pool = pool;
    this.cache = cache;
  }

  static ProductCards create(Vertx vertx, Pool pool, long cacheMillis) {
    Shared shared = (Shared) vertx.sharedData().getLocalMap("surge.recommendations").computeIfAbsent("cards",
      k -> new Shared(Caffeine.newBuilder().maximumSize(50_000)
        .expireAfterWrite(Duration.ofMillis(Math.max(1, cacheMillis))).buildAsync()));
    return new ProductCards(pool, shared.cache());
  }

  /** The sellable products among {@code ids}, by id (the others are absent). */
  Future<Map<UUID, JsonObject>> sellable(Collection<UUID> ids) {
    Context context = Vertx.currentContext();
    CompletableFuture<Map<UUID, Optional<JsonObject>>> all = cache.getAll(ids,
      (missing, executor) -> load(missing).toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(all, context).map(found -> {
      Map<UUID, JsonObject> cards = new HashMap<>();
      found.forEach((id, card) -> card.ifPresent(json -> cards.put(id, json)));
      return cards;
    });
  }

  private Future<Map<UUID, Optional<JsonObject>>> load(java.util.Set<? extends UUID> ids) {
    return pool.preparedQuery(RecommendationSql.CARDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Optional<JsonObject>> cards = new HashMap<>();
      ids.forEach(id -> cards.put(id, Optional.empty()));
      for (Row row : rows) {
        if (row.getBoolean("available") && row.getLong("price_from") != null) {
          cards.put(row.getUUID("id"), Optional.of(card(row)));
        }
      }
      return cards;
    });
  }

  private static JsonObject card(Row row) {
    String image = row.getString("image");
    String[] codes = row.getArrayOfStrings("sku_codes");
    return new JsonObject()
      .put("product_id", row.getUUID("id").toString())
      .put("slug", row.getString("slug"))
      .put("title", row.getString("title"))
      .put("image_url", image == null ? null : ImageStorage.url(image))
      .put("price", Money.jsonOrNull(row.getLong("price_from"), row.getString("price_currency")))
      .put("sku_codes", codes == null ? new JsonArray() : new JsonArray(java.util.List.of((Object[]) codes)));
  }
}
