package io.surge.predictions;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The {@code predictions} block: how often the models retrain ({@code trainEveryMinutes}, 0 = only on command);
 * for demand forecasts, how many days of history they read, the longest forecast served, the rolling-origin
 * back-test's folds and days per fold, the least history (days from a SKU's first sale) worth a forecast, and the
 * global gradient-boosted-trees model's boosting rounds (0 = no global model), most training rows (SKU-days; its
 * memory bound) and XGBoost threads.
 */
public record PredictionSettings(long trainEveryMinutes, int forecastHistoryDays, int forecastMaxDays,
  int forecastBacktestFolds, int forecastBacktestDays, int forecastMinHistoryDays, int forecastTreeRounds,
  int forecastTreeMaxRows, int forecastTreeThreads) {

  public static PredictionSettings from(JsonObject config) {
    ConfigBlock block = ConfigBlock.of(config, "predictions");
    return new PredictionSettings(block.whole("trainEveryMinutes"), block.integer("forecastHistoryDays"),
      block.integer("forecastMaxDays"), block.integer("forecastBacktestFolds"), block.integer("forecastBacktestDays"),
      block.integer("forecastMinHistoryDays"), block.integer("forecastTreeRounds"),
      block.integer("forecastTreeMaxRows"), block.integer("forecastTreeThreads"));
  }
}
