package io.surge.predictions.customers;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The {@code repurchase} block: the window a customer is scored for ({@code horizonDays}), how many past cut-offs
 * the classifier learns from and how far apart ({@code cutoffs}, {@code cutoffStepDays}; the latest one is held
 * out to choose between the two classifiers), the trees' rounds, depth and learning rate, the logistic
 * regression's rounds and L2 penalty, and the threads XGBoost may use. It retrains with the demand forecasts
 * ({@code predictions.trainEveryMinutes}).
 */
public record RepurchaseSettings(int horizonDays, int cutoffs, int cutoffStepDays, int treeRounds, int treeDepth,
  double treeLearningRate, int linearRounds, double linearLambda, int threads) {

  public static RepurchaseSettings from(JsonObject config) {
    ConfigBlock block = ConfigBlock.of(config, "repurchase");
    return new RepurchaseSettings(block.integer("horizonDays"), block.integer("cutoffs"),
      block.integer("cutoffStepDays"), block.integer("treeRounds"), block.integer("treeDepth"),
      block.decimal("treeLearningRate"), block.integer("linearRounds"), block.decimal("linearLambda"),
      block.integer("threads"));
  }
}
