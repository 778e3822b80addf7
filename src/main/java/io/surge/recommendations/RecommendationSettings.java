package io.surge.recommendations;

import io.surge.config.ConfigBlock;
import io.surge.orders.OrderSettings;
import io.vertx.core.json.JsonObject;

/**
 * The {@code recommendations} block: EASE^R's regularisation {@code lambda} and the cap on the products it
 * models ({@code maxProducts}, the most bought first: memory grows with its square), how many items are kept per
 * customer, the half-life of purchases in what the model learns from ({@code historyHalfLifeDays}) and of a
 * customer's own purchases when their list is scored ({@code recencyHalfLifeDays}; 0 = no decay), how often it retrains ({@code trainEveryMinutes}, 0 = only on command), the bought-together
 * shrinkage and the neighbours a full recount keeps per product ({@code neighboursKept}), the trending half-life and how long served lists are cached.
 */
public record RecommendationSettings(double lambda, int maxProducts, int keepPerCustomer,
  double historyHalfLifeDays, double recencyHalfLifeDays, long trainEveryMinutes,
  double boughtTogetherShrink, int neighboursKept, double trendingHalfLifeDays, long cacheMillis,
  long trendingCacheSeconds,
  String orderTopic) {

  public static RecommendationSettings from(JsonObject config) {
    ConfigBlock block = ConfigBlock.of(config, "recommendations");
    return new RecommendationSettings(block.decimal("lambda"), block.integer("maxProducts"),
      block.integer("keepPerCustomer"), block.decimal("historyHalfLifeDays"),
      block.decimal("recencyHalfLifeDays"), block.whole("trainEveryMinutes"),
      block.decimal("boughtTogetherShrink"),
      block.integer("neighboursKept"), block.decimal("trendingHalfLifeDays"), block.whole("cacheMillis"),
      block.whole("trendingCacheSeconds"),
      OrderSettings.from(config).topic());
  }
}
