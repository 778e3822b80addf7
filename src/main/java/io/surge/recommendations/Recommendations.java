package io.surge.recommendations;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.http.ApiException;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static io.surge.shared.JsonTime.time;

/**
 * Assembles the served lists from what the models stored: a lookup, never a model run. Each list takes its
 * sources in order (the best evidence first), drops what must not be shown, and fills up with trending.
 * <ul>
 * <li>a customer: bought-together neighbours of what they ordered since the last training (so a new order
 * counts at once), their stored EASE^R list, then trending;</li>
 * <li>a product: its bought-together neighbours, else similar products (nobody bought it yet), then trending;</li>
 * <li>a cart: bought-together neighbours of its products, products similar to its first, then trending.</li>
 * </ul>
 * A customer's list, once made, is kept in this process until something it depends on changes
 * ({@link CustomerAnswers}); only its cards are read again.
 */
final class Recommendations {

  /** Trending is read this deep: enough to fill a list after excluding what a customer bought. */
  private static final int TRENDING_DEPTH = 200;
  /** Recent purchases whose neighbours are asked (the newest first). */
  private static final int RECENT = 5;

  private record Shared(AsyncCache<String, List<UUID>> lists, AsyncCache<String, List<UUID>> trending)
    implements
      Shareable {
  }

  private final Pool pool;
  private final ProductCards cards;
  private final RecommendationSettings settings;
  private final CustomerAnswers answers;
  private final AsyncCache<String, List<UUID>> lists;
  private final AsyncCache<String, List<UUID>> trendingList;

  private Recommendations(Pool pool, ProductCards cards, RecommendationSettings settings, CustomerAnswers answers,
    Shared caches) {
    this.pool = pool;
    this.cards = cards;
    this.settings = settings;
    this.answers = answers;
    this.lists = caches.lists();
    this.trendingList = caches.trending();
  }

  static Recommendations create(Vertx vertx, Pool pool, ProductCards cards, RecommendationSettings settings) {
    Shared shared = (Shared) vertx.sharedData().getLocalMap("surge.recommendations").computeIfAbsent("lists",
      k -> new Shared(Caffeine.newBuilder().maximumSize(20_000)
        .expireAfterWrite(Duration.ofMillis(Math.max(1, settings.cacheMillis()))).buildAsync(),
        // trending aggregates every bought order line: computed at most once per trendingCacheSeconds
        Caffeine.newBuilder().maximumSize(1)
          .expireAfterWrite(Duration.ofSeconds(Math.max(1, settings.trendingCacheSeconds()))).buildAsync()));
    return new Recommendations(pool, cards, settings, CustomerAnswers.of(vertx, settings), shared);
  }

  /** Drops cached neighbour and trending lists and every customer's (after a training). */
  void evictAll() {
    lists.synchronous().invalidateAll();
    trendingList.synchronous().invalidateAll();
    answers.dropAll();
  }

  /** One of the customer's orders changed: their lists are made again. */
  void customerChanged(UUID userId) {
    answers.drop(userId);
  }

  /**
   * Which sources a customer's list takes: all of them (what the customer sees), or one model alone topped up
   * with trending (what an evaluation compares, and a merchant may want to see).
   */
  enum Blend {
    ALL, FOR_YOU, BOUGHT_TOGETHER, TRENDING;

    static Blend of(String name) {
      return name == null ? ALL : valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** What the customer sees; 404 when there is no such user. */
  Future<JsonObject> forCustomer(UUID userId, int limit) {
    return forCustomer(userId, limit, Blend.ALL);
  }

  /**
   * From this process's {@link CustomerAnswers} when it has the list (its cards read now), else made
   * ({@link #make}) and kept there. A kept list whose products no longer fill it (archived or sold out since) is
   * made again, as a first request would have made it.
   */
  Future<JsonObject> forCustomer(UUID userId, int limit, Blend blend) {
    CustomerAnswers.Slot slot = answers.slot(userId); // before anything is read (see Slot)
    CustomerAnswers.Variant variant = new CustomerAnswers.Variant(limit, blend);
    CustomerAnswers.Answer kept = slot.get(variant);
    if (kept == null) {
      return make(userId, limit, blend, slot, variant);
    }
    Shortlist shortlist = kept.shortlist();
    return cards.sellable(shortlist.productList()).compose(sellable -> {
      JsonArray items = shortlist.items(sellable, limit);
      if (!shortlist.fills(items, limit)) {
        slot.remove(variant, kept);
        return make(userId, limit, blend, slot, variant);
      }
      return Future.succeededFuture(body(userId, kept.trainedAt(), items));
    });
  }

  /** The customer's list made from what is stored now; kept in {@code slot}. */
  private Future<JsonObject> make(UUID userId, int limit, Blend blend, CustomerAnswers.Slot slot,
    CustomerAnswers.Variant variant) {
    return customerList(userId, limit, blend).map(made -> {
      slot.put(variant, new CustomerAnswers.Answer(made.filled().shortlist(), made.trainedAt()));
      return body(userId, made.trainedAt(), made.filled().items(limit));
    });
  }

  private static JsonObject body(UUID userId, OffsetDateTime trainedAt, JsonArray items) {
    return new JsonObject().put("items", items).put("user_id", userId.toString()).put("trained_at", time(trainedAt));
  }

  /** A customer's list as made: its head with the cards read for it, and the training it comes from. */
  private record Made(Filled filled, OffsetDateTime trainedAt) {
  }

  /**
   * The usual case takes one query by index ({@link RecommendationSql#CUSTOMER_LIST}) and no reading of the
   * customer's history: a customer with no order gets trending, and one whose every order the model has learned from
   * gets their stored list, which already leaves out what they bought, when it has {@code limit} sellable products.
   * Otherwise (orders since the training, or a list to top up past what they bought) the full history is read.
   */
  private Future<Made> customerList(UUID userId, int limit, Blend blend) {
    return pool.preparedQuery(RecommendationSql.CUSTOMER_LIST).execute(Tuple.of(userId)).compose(rows -> {
      Row row = rows.iterator().next();
      if (!row.getBoolean("known")) {
        throw ApiException.notFound("The user");
      }
      if (!ids(row, "unseen").isEmpty()) {
        return fromHistory(userId, limit, blend);
      }
      List<UUID> forYou = blend == Blend.ALL || blend == Blend.FOR_YOU ? ids(row, "for_you") : List.of();
      OffsetDateTime trainedAt = row.getOffsetDateTime("trained_at");
      if (!row.getBoolean("ordered")) { // nothing that stands bought: nothing to leave out, no neighbours to ask
        return assemble(limit, blend, trainedAt, forYou, List.of(), List.of());
      }
      if (forYou.isEmpty()) {
        return fromHistory(userId, limit, blend);
      }
      // not whole: past these, the list would be topped up with trending less what they bought
      Shortlist stored = new Candidates(Set.of()).add(forYou, Reason.FOR_YOU)
        .first(Math.min(forYou.size(), limit * 2 + 10), false);
      return cards.sellable(stored.productList()).compose(sellable -> {
        Filled filled = new Filled(stored, sellable);
        if (!stored.fills(filled.items(limit), limit)) { // their history is needed
          return fromHistory(userId, limit, blend);
        }
        return Future.succeededFuture(new Made(filled, trainedAt));
      });
    });
  }

  /** The customer's list from their whole order history (what they bought, and what since the training). */
  private Future<Made> fromHistory(UUID userId, int limit, Blend blend) {
    return pool.preparedQuery(RecommendationSql.CUSTOMER).execute(Tuple.of(userId)).compose(rows -> {
      Row row = rows.iterator().next();
      if (!row.getBoolean("known")) {
        throw ApiException.notFound("The user");
      }
      return assemble(limit, blend, row.getOffsetDateTime("trained_at"),
        blend == Blend.ALL || blend == Blend.FOR_YOU ? ids(row, "for_you") : List.of(), ids(row, "bought"),
        ids(row, "recent"));
    });
  }

  private Future<Made> assemble(int limit, Blend blend, OffsetDateTime trainedAt, List<UUID> forYou,
    List<UUID> bought, List<UUID> recent) {
    // never trained for this customer (new, or all their products beyond the model's cap): use all they bought
    List<UUID> seeds = switch (blend) {
      case ALL -> recent.isEmpty() && forYou.isEmpty() ? bought : recent;
      case BOUGHT_TOGETHER -> bought;
      default -> List.of();
    };
    Future<List<UUID>> neighbours = seeds.isEmpty() ? Future.succeededFuture(List.of())
      : neighbours(seeds.subList(0, Math.min(RECENT, seeds.size())), limit * 3);
    Future<List<UUID>> trending = trending();
    return Future.all(neighbours, trending).compose(all -> {
      List<UUID> fresh = neighbours.result();
      int lead = forYou.isEmpty() ? fresh.size() : Math.min(fresh.size(), (limit + 1) / 2);
      Candidates list = new Candidates(new HashSet<>(bought))
        .add(fresh.subList(0, lead), Reason.BOUGHT_TOGETHER)
        .add(forYou, Reason.FOR_YOU)
        .add(fresh, Reason.BOUGHT_TOGETHER)
        .add(trending.result(), Reason.TRENDING);
      return fill(list, limit).map(filled -> new Made(filled, trainedAt));
    });
  }

  /** A product's list ({@code similar} or {@code bought_together}); the caller checked the product is active. */
  Future<JsonObject> forProduct(UUID productId, boolean boughtTogether, int limit) {
    Future<List<UUID>> neighbours = boughtTogether ? neighbours(List.of(productId), limit * 3)
      : Future.succeededFuture(List.of());
    Future<List<UUID>> similar = similar(productId);
    Future<List<UUID>> trending = trending();
    return Future.all(neighbours, similar, trending)
      .compose(all -> {
        Candidates list = new Candidates(Set.of(productId))
          .add(neighbours.result(), Reason.BOUGHT_TOGETHER)
          .add(similar.result(), Reason.SIMILAR)
          .add(trending.result(), Reason.TRENDING);
        return serve(list, limit).map(body -> body.put("product_id", productId.toString())
          .put("kind", boughtTogether ? "bought_together" : "similar"));
      });
  }

  /** For a cart's products; {@code userId} (null for a guest) also excludes what the customer bought. */
  Future<JsonObject> forCart(List<UUID> cartProducts, UUID userId, int limit) {
    Future<List<UUID>> bought = userId == null ? Future.succeededFuture(List.of())
      : pool.preparedQuery(RecommendationSql.CUSTOMER).execute(Tuple.of(userId))
        .map(rows -> ids(rows.iterator().next(), "bought"));
    Future<List<UUID>> neighbours = cartProducts.isEmpty() ? Future.succeededFuture(List.of())
      : neighbours(cartProducts, limit * 3);
    Future<List<UUID>> similar = cartProducts.isEmpty() ? Future.succeededFuture(List.of())
      : similar(cartProducts.get(0));
    Future<List<UUID>> trending = trending();
    return Future.all(bought, neighbours, similar, trending).compose(all -> {
      Set<UUID> excluded = new HashSet<>(cartProducts);
      excluded.addAll(bought.result());
      Candidates list = new Candidates(excluded)
        .add(neighbours.result(), Reason.BOUGHT_TOGETHER)
        .add(similar.result(), Reason.SIMILAR)
        .add(trending.result(), Reason.TRENDING);
      return serve(list, limit);
    });
  }

  /** The first {@code limit} sellable candidates. */
  private Future<JsonObject> serve(Candidates list, int limit) {
    return fill(list, limit).map(filled -> new JsonObject().put("items", filled.items(limit)));
  }

  /** A list's head and the cards read for it: its sellable products by id. */
  private record Filled(Shortlist shortlist, Map<UUID, JsonObject> sellable) {

    JsonArray items(int limit) {
      return shortlist.items(sellable, limit);
    }
  }

  /** The fewest first candidates that fill {@code limit} with sellable products (all of them if none do). */
  private Future<Filled> fill(Candidates list, int limit) {
    List<UUID> products = list.products();
    return fillFrom(list, products, Math.min(products.size(), limit * 2 + 10), limit);
  }

  private Future<Filled> fillFrom(Candidates list, List<UUID> products, int upTo, int limit) {
    return cards.sellable(products.subList(0, upTo)).compose(sellable -> {
      if (sellable.size() >= limit || upTo == products.size()) {
        return Future.succeededFuture(new Filled(list.first(upTo, upTo == products.size()), sellable));
      }
      return fillFrom(list, products, Math.min(products.size(), upTo * 2), limit);
    });
  }

  /** Bought-together neighbours of these products, best first (cached briefly per product set). */
  Future<List<UUID>> neighbours(List<UUID> products, int limit) {
    UUID[] seeds = products.toArray(UUID[]::new);
    return cached("n:" + Arrays.toString(seeds) + ":" + limit, () -> pool.preparedQuery(RecommendationSql.NEIGHBOURS)
      .execute(Tuple.of(seeds, limit, settings.boughtTogetherShrink()))
      .map(rows -> {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
      }));
  }

  /** Products like this one by title, category, brand and attributes; empty for an unknown product. */
  private Future<List<UUID>> similar(UUID productId) {
    return cached("s:" + productId, () -> pool.preparedQuery(RecommendationSql.SIMILAR)
      .execute(Tuple.of(productId, 50))
      .map(rows -> {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
      }));
  }

  private Future<List<UUID>> trending() {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(trendingList.get("trending",
      (k, executor) -> loadTrending().toCompletionStage().toCompletableFuture()), context);
  }

  private Future<List<UUID>> loadTrending() {
    return pool.preparedQuery(RecommendationSql.TRENDING)
      .execute(Tuple.of(settings.trendingHalfLifeDays(), TRENDING_DEPTH))
      .map(rows -> {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
      });
  }

  private Future<List<UUID>> cached(String key, Supplier<Future<List<UUID>>> load) {
    Context context = Vertx.currentContext();
    return Future.fromCompletionStage(
      lists.get(key, (k, executor) -> load.get().toCompletionStage().toCompletableFuture()), context);
  }

  private static List<UUID> ids(Row row, String column) {
    UUID[] ids = row.getArrayOfUUIDs(column);
    return ids == null ? List.of() : Arrays.asList(ids);
  }
}
