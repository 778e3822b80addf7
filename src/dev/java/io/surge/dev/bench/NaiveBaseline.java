package io.surge.dev.bench;

import io.surge.dev.DevSettings;
import io.surge.http.HttpSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Deploys the naive-design baseline for the flash-sale benchmark when {@code dev.benchNaivePort} is set. */
public final class NaiveBaseline {

  private NaiveBaseline() {
  }

  public static Future<Void> deployIfAsked(Vertx vertx, JsonObject config) {
    if (DevSettings.from(config).benchNaivePort() <= 0) {
      return Future.succeededFuture();
    }
    int instances = HttpSettings.from(config).instances();
    return vertx.deployVerticle(NaivePurchaseVerticle::new, new DeploymentOptions().setConfig(config)
      .setInstances(instances > 0 ? instances : Runtime.getRuntime().availableProcessors())).mapEmpty();
  }
}
