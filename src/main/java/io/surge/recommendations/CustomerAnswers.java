package io.surge.recommendations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.surge.observability.Meters;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each customer's lists as last made, in this process, per limit and model: what they are made of
 * ({@link Shortlist}), not their cards, which every answer reads from {@link ProductCards} (a price, a title, an
 * archived or sold-out product show as they do there). Asking again costs no query. A customer's lists are dropped
 * when one of their orders changes on any instance ({@code OrdersBus.CUSTOMER_ORDERS_CHANGED}) or their account is
 * erased, everyone's after a training on any instance ({@link RecommendationsBus#CHANNEL}), and none is kept longer
 * than {@code recommendations.answerCacheSeconds}. Counted as {@code cache_gets_total{cache="recommendations"}}.
 */
final class CustomerAnswers {

  private static final int CUSTOMERS = 20_000;
  /** Limits and models kept per customer; others are made at every request (a shop asks for one or two). */
  private static final int KEPT_PER_CUSTOMER = 8;

  /** Which of the customer's lists: how long, from which sources. */
  record Variant(int limit, Recommendations.Blend blend) {
  }

  /** A customer's list as made: its shortlist and the training it comes from. */
  record Answer(Shortlist shortlist, OffsetDateTime trainedAt) {
  }

  /**
   * One customer's answers. Take it before reading what an answer is made of: if their orders change meanwhile it is
   * dropped, and what was read from before the change goes into it, never to be served.
   */
  static final class Slot {

    private final Map<Variant, Answer> answers = new ConcurrentHashMap<>(4);
    private final StatsCounter stats;

    private Slot(StatsCounter stats) {
      this.stats = stats;
    }

    /** Null when this list was not made since the customer's last change. */
    Answer get(Variant variant) {
      Answer answer = answers.get(variant);
      if (answer == null) {
        stats.recordMisses(1);
      } else {
        stats.recordHits(1);
      }
      return answer;
    }

    void put(Variant variant, Answer answer) {
      if (answers.size() < KEPT_PER_CUSTOMER || answers.containsKey(variant)) {
        answers.put(variant, answer);
      }
    }

    /** Drops this answer (its products no longer fill the list), unless another replaced it meanwhile. */
    void remove(Variant variant, Answer answer) {
      answers.remove(variant, answer);
    }
  }

  /** {@code customers} null: answers are not kept ({@code answerCacheSeconds} 0). */
  private record Shared(Cache<UUID, Slot> customers, StatsCounter stats) implements Shareable {
  }

  private final Cache<UUID, Slot> customers;
  private final StatsCounter stats;

  private CustomerAnswers(Shared shared) {
    this.customers = shared.customers();
    this.stats = shared.stats();
  }

  /** This process's answers (one store, whichever verticle asks). */
  static CustomerAnswers of(Vertx vertx, RecommendationSettings settings) {
    return new CustomerAnswers((Shared) vertx.sharedData().getLocalMap("surge.recommendations").computeIfAbsent(
      "answers", k -> new Shared(settings.answerCacheSeconds() <= 0 ? null
        : Caffeine.newBuilder().maximumSize(CUSTOMERS)
          // counted from the slot's creation: no answer in it is older
          .expireAfterWrite(Duration.ofSeconds(settings.answerCacheSeconds())).build(),
        Meters.cacheStats("recommendations").get())));
  }

  Slot slot(UUID userId) {
    return customers == null ? new Slot(stats) : customers.get(userId, id -> new Slot(stats));
  }

  /** One of the customer's orders changed, or their account was erased. */
  void drop(UUID userId) {
    if (customers != null) {
      customers.invalidate(userId);
    }
  }

  /** A new model, or invalidations may have been missed. */
  void dropAll() {
    if (customers != null) {
      customers.invalidateAll();
    }
  }
}
