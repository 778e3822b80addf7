package io.surge.recommendations;

import io.surge.config.ConfigBlock;
import io.surge.orders.OrderSettings;
import io.vertx.core.json.JsonObject;

/**
 * The {@code recommendations} block: EASE^R's regularisation {@code lambda} and the cap on the products it
 * models ({@code maxProducts}, the most bought first: memory grows with its square; only products with at least
 * {@code minBuyers} buyers: time grows with its cube), how many items are kept per
 * customer, the half-life of purchases in what the model learns from ({@code historyHalfLifeDays}) and of a
 * customer's own purchases when their list is scored ({@code recencyHalfLifeDays}; 0 = no decay), what the list
 * blends in (new arrivals: products first sold in the last {@code newArrivalDays}, by trending score, weighed
 * {@code newArrivalWeight}; what sells these weeks, order lines decayed by {@code popularHalfLifeDays}, weighed
 * {@code popularWeight}; products titled like the customer's, weighed {@code titleWeight}; 0 = off), how often it retrains ({@code trainEveryMinutes}, 0 = only on command), the bought-together
 * shrinkage and the neighbours a full recount keeps per product ({@code neighboursKept}), the trending half-life and how long served lists are cached ({@code cacheMillis}; a customer's own list at most
 * {@code answerCacheSeconds}, 0 = not kept: see {@link CustomerAnswers}).
 */
public record RecommendationSettings(double lambda, int maxProducts, int minBuyers, int keepPerCustomer,
  double historyHalfLifeDays, double recencyHalfLifeDays, double newArrivalDays, double newArrivalWeight,
  double popularHalfLifeDays, double popularWeight, double titleWeight, long trainEveryMinutes,
  double boughtTogetherShrink, int neighboursKept, double trendingHalfLifeDays, long cacheMillis,
  long trendingCacheSeconds, long answerCacheSeconds,
  String orderTopic) {

  public static RecommendationSettings from(JsonObject config) {
    ConfigBlock block = ConfigBlock.of(config, "recommendations");
    return new RecommendationSettings(block.decimal("lambda"), block.integer("maxProducts"),
      block.integer("minBuyers"), block.integer("keepPerCustomer"), block.decimal("historyHalfLifeDays"),
      block.decimal("recencyHalfLifeDays"), block.decimal("newArrivalDays"), block.decimal("newArrivalWeight"),
      block.decimal("popularHalfLifeDays"), block.decimal("popularWeight"), block.decimal("titleWeight"),
      block.whole("trainEveryMinutes"),
      block.decimal("boughtTogetherShrink"),
      block.integer("neighboursKept"), block.decimal("trendingHalfLifeDays"), block.whole("cacheMillis"),
      block.whole("trendingCacheSeconds"), block.whole("answerCacheSeconds"),
      OrderSettings.from(config).topic());
  }
}
