package io.surge.recommendations;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a customer's first answer costs the event loop between its queries and its bytes, without I/O: the cards of
 * a 30-product shortlist read from {@link ProductCards}' cache (all kept, as nearly always), ten of them made list
 * items, the body encoded. As served (Caffeine {@code getAll} over every id, {@link Shortlist#items}: a deep copy of
 * each card) and an alternative (kept cards taken one by one with {@code getIfPresent}, items sharing the cached
 * card's fields), in thread CPU time, so that a busy machine slows it less than wall time. Not a test; run by hand:
 * {@code java -cp target/dev/classes:target/dev/test-classes:CLASSPATH io.surge.recommendations.FirstAnswerCost}.
 * Measured 2026-12-02 (results/recommendations-first-answer-20261202.txt): 21.0 against 18.1 microseconds at load
 * 4, within noise at load 7-10, of a first answer's ~400 of server CPU: not worth the code, so served as before.
 */
public final class FirstAnswerCost {

  private static final int PRODUCTS = 3_500;
  private static final int SHORTLIST = 30;
  private static final int LIMIT = 10;
  private static final int CUSTOMERS = 1_000;

  private FirstAnswerCost() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String report = vertx.executeBlocking(FirstAnswerCost::measure).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES);
      System.out.print(report);
    } finally {
      vertx.close();
    }
  }

  private static String measure() {
    AsyncCache<UUID, Optional<JsonObject>> cache = Caffeine.newBuilder().maximumSize(50_000)
      .expireAfterWrite(Duration.ofMinutes(10)).buildAsync();
    UUID[] products = new UUID[PRODUCTS];
    for (int i = 0; i < PRODUCTS; i++) {
      products[i] = new UUID(7, i);
      cache.put(products[i], CompletableFuture.completedFuture(Optional.of(card(products[i], i))));
    }
    List<List<UUID>> shortlists = new ArrayList<>();
    java.util.Random random = new java.util.Random(13);
    for (int c = 0; c < CUSTOMERS; c++) {
      List<UUID> mine = new ArrayList<>();
      for (int k = 0; k < SHORTLIST; k++) {
        mine.add(products[random.nextInt(PRODUCTS)]);
      }
      shortlists.add(mine);
    }
    StringBuilder report = new StringBuilder();
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up; the last is the one to read
      long[] served = run(shortlists, customer -> answer(getAll(cache, customer), customer, true));
      long[] alternative = run(shortlists, customer -> answer(kept(cache, customer), customer, false));
      report.setLength(0);
      report.append(String.format(java.util.Locale.ROOT,
        "per first answer, CPU microseconds (cards read / items made / body encoded / total):%n"
          + "  served (getAll, deep copies): %.1f / %.1f / %.1f / %.1f%n"
          + "  alternative (kept cards, shallow items): %.1f / %.1f / %.1f / %.1f%n",
        served[0] / 1e3, served[1] / 1e3, served[2] / 1e3, (served[0] + served[1] + served[2]) / 1e3,
        alternative[0] / 1e3, alternative[1] / 1e3, alternative[2] / 1e3,
        (alternative[0] + alternative[1] + alternative[2]) / 1e3));
    }
    return report.toString();
  }

  /** One way of answering: cards read, then items and body from them. */
  private interface Way {
    Steps answer(List<UUID> shortlist);
  }

  /** Per answer, CPU nanoseconds per step. */
  private record Steps(long cards, long items, long body) {
  }

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private static long[] run(List<List<UUID>> shortlists, Way way) {
    long[] sum = new long[3];
    int answers = 0;
    for (int repeat = 0; repeat < 20; repeat++) {
      for (List<UUID> shortlist : shortlists) {
        Steps steps = way.answer(shortlist);
        sum[0] += steps.cards();
        sum[1] += steps.items();
        sum[2] += steps.body();
        answers++;
      }
    }
    return new long[] {sum[0] / answers, sum[1] / answers, sum[2] / answers};
  }

  private static Steps answer(Supplier<Future<Map<UUID, JsonObject>>> read, List<UUID> shortlist, boolean served) {
    long start = CPU.getCurrentThreadCpuTime();
    Map<UUID, JsonObject> sellable = read.get().result();
    long read1 = CPU.getCurrentThreadCpuTime();
    JsonArray items = new JsonArray();
    Reason[] reasons = new Reason[shortlist.size()];
    Arrays.fill(reasons, Reason.FOR_YOU);
    if (served) {
      items = new Shortlist(shortlist.toArray(UUID[]::new), reasons, false).items(sellable, LIMIT);
    } else {
      for (int i = 0; i < shortlist.size() && items.size() < LIMIT; i++) {
        JsonObject card = sellable.get(shortlist.get(i));
        if (card != null) {
          items.add(new JsonObject(new LinkedHashMap<>(card.getMap())).put("reason", reasons[i].json()));
        }
      }
    }
    long made = CPU.getCurrentThreadCpuTime();
    int bytes = new JsonObject().put("items", items).put("user_id", shortlist.get(0).toString())
      .put("trained_at", "2026-12-02T21:41:27Z").toBuffer().length();
    long encoded = CPU.getCurrentThreadCpuTime();
    if (bytes == 0) {
      throw new IllegalStateException("empty body");
    }
    return new Steps(read1 - start, made - read1, encoded - made);
  }

  /** As {@link ProductCards#sellable} reads them: one {@code getAll} over every id. */
  private static Supplier<Future<Map<UUID, JsonObject>>> getAll(AsyncCache<UUID, Optional<JsonObject>> cache,
    List<UUID> ids) {
    return () -> {
      CompletableFuture<Map<UUID, Optional<JsonObject>>> all = cache.getAll(ids,
        (missing, executor) -> CompletableFuture.failedFuture(new IllegalStateException("all are kept")));
      // without the context ProductCards passes (it completes on the caller's event loop)
      return Future.fromCompletionStage(all).map(found -> {
        Map<UUID, JsonObject> cards = new HashMap<>();
        found.forEach((id, card) -> card.ifPresent(json -> cards.put(id, json)));
        return cards;
      });
    };
  }

  /** The alternative: kept cards taken as they are, without a future per id (misses would go to getAll). */
  private static Supplier<Future<Map<UUID, JsonObject>>> kept(AsyncCache<UUID, Optional<JsonObject>> cache,
    List<UUID> ids) {
    return () -> {
      Map<UUID, JsonObject> cards = new HashMap<>();
      for (UUID id : ids) {
        CompletableFuture<Optional<JsonObject>> card = cache.getIfPresent(id);
        if (card != null && card.isDone() && !card.isCompletedExceptionally()) {
          card.join().ifPresent(json -> cards.put(id, json));
        }
      }
      return Future.succeededFuture(cards);
    };
  }

  /** A card shaped as {@link ProductCards} makes them. */
  private static JsonObject card(UUID id, int i) {
    return new JsonObject()
      .put("product_id", id.toString())
      .put("slug", "regency-cakestand-3-tier-" + i)
      .put("title", "REGENCY CAKESTAND 3 TIER " + i)
      .put("image_url", "/media/products/" + id + "/200.webp")
      .put("price", Money.jsonOrNull(1275L, "GBP"))
      .put("sku_codes", new JsonArray(List.of("22423-" + i)));
  }
}
