package io.surge.dev.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Deploys the naive-design baseline for the flash-sale benchmark when {@code dev.benchNaivePort} is set. */
public final class NaiveBaseline {

  private NaiveBaseline() {
  }

  public static Future<Void> deployIfAsked(Vertx vertx, JsonObject config) {
    if (config.getJsonObject("dev").getInteger("benchNaivePort", 0) <= 0) {
      return Future.succeededFuture();
    }
    int instances = config.getJsonObject("http").getInteger("instances", 0);
    return vertx.deployVerticle(NaivePurchaseVerticle::new, new DeploymentOptions().setConfig(config)
      .setInstances(instances > 0 ? instances : Runtime.getRuntime().availableProcessors())).mapEmpty();
  }
}
