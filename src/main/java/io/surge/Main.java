package io.surge;

import io.surge.config.SurgeConfig;
import io.surge.http.HttpSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Production entry point: {@code java -jar surge.jar [overlay.json ...]}. Reads
 * {@code conf/application.json}, any overlays named on the command line, then {@code SURGE_*}
 * environment variables. PostgreSQL, Redis and Kafka must be configured; nothing is embedded here.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    JsonObject config = SurgeConfig.load(List.of(args), System.getenv());
    Vertx vertx = SurgeServer.createVertx(config);
    HttpSettings http = HttpSettings.from(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, http), "surge-shutdown"));
    SurgeServer.start(vertx, config).onFailure(failure -> {
      LOG.error("Surge failed to start", failure);
      Runtime.getRuntime().halt(1);
    });
    LOG.info("Starting Surge with overlays {}", Arrays.toString(args));
  }

  /**
   * SIGTERM: drain the HTTP front first ({@link SurgeServer#drain}: readiness 503, in-flight requests and chat frames
   * finish, chat connections closed with 1012), then close the rest. Runs on the shutdown-hook thread, never an event
   * loop, so waiting here is fine.
   */
  static void stop(Vertx vertx, HttpSettings http) {
    try {
      SurgeServer.drain(vertx, http.drainDelayMillis())
        .await(http.drainDelayMillis() + (http.drainSeconds() + 5L) * 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("The HTTP front did not drain within http.drainSeconds", e);
    }
    closeQuietly(vertx);
  }

  static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
  }
}
