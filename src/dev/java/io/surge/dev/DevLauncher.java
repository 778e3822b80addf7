package io.surge.dev;

import io.surge.SurgeServer;
import io.surge.dev.bench.NaiveBaseline;
import io.surge.config.SurgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Dev mode: {@code mvn -Pdev compile exec:java}. Starts embedded PostgreSQL, Redis and Kafka for
 * whatever the configuration does not point at, then the real server, then seeds demo data.
 * Data lives in {@code dev.dataDir} (git-ignored) and survives restarts; {@code --wipe}
 * (or {@code SURGE_DEV_WIPE=true}) starts from empty. Ctrl-C stops everything it started.
 * Tests start the server through this same class.
 */
public final class DevLauncher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevLauncher.class);

  private final JsonObject config;
  private final EmbeddedServices services;
  private final Vertx vertx;

  private DevLauncher(JsonObject config, EmbeddedServices services, Vertx vertx) {
    this.config = config;
    this.services = services;
    this.vertx = vertx;
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = devConfig(System.getenv());
    boolean wipe = Arrays.asList(args).contains("--wipe") || config.getJsonObject("dev").getBoolean("wipe", false);
    DevLauncher launcher = launch(config, wipe);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "surge-dev-shutdown"));
    launcher.printBanner();
  }

  /** {@code conf/application.json}, then {@code conf/dev.json}, then the environment. */
  public static JsonObject devConfig(Map<String, String> env) {
    return SurgeConfig.load(List.of("conf/dev.json"), env);
  }

  /** Starts embedded services and the server; returns once the server answers. */
  public static DevLauncher launch(JsonObject config, boolean wipe) throws Exception {
    long start = System.nanoTime();
    Path dataDir = Path.of(config.getJsonObject("dev").getString("dataDir")).toAbsolutePath();
    if (wipe) {
      deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);
    EmbeddedServices services = EmbeddedServices.startMissing(config, dataDir);
    Vertx vertx = null;
    try {
      DevKeys.ensure(config.getJsonObject("jwt"), dataDir);
      config.getJsonObject("catalog").put("imageDir", dataDir.resolve("images").toString());
      vertx = SurgeServer.createVertx();
      Vertx started = vertx;
      SurgeServer.start(vertx, config).compose(v -> DemoData.seed(started, config))
        .compose(v -> NaiveBaseline.deployIfAsked(started, config)).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
      services.close();
      throw e;
    }
    LOG.info("dev server ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    DemoImages.attach(vertx, config);
    return new DevLauncher(config, services, vertx);
  }

  public JsonObject config() {
    return config;
  }

  /** The server's Vert.x (tests listen on its event bus). */
  public Vertx vertx() {
    return vertx;
  }

  public int httpPort() {
    return config.getJsonObject("http").getInteger("port");
  }

  /** Kills the embedded Redis and starts an empty one on the same port; the server keeps running (tests of a Redis crash). */
  public void crashRedis() throws IOException {
    services.crashRedis();
  }

  /** Stops the embedded Kafka broker; the server keeps running (tests of a Kafka outage). */
  public void stopKafka() {
    services.stopKafka();
  }

  /** Starts the embedded Kafka broker again on the same address and data; does nothing if it runs. */
  public void startKafka() throws IOException {
    services.startKafka();
  }

  private void printBanner() {
    JsonObject dev = config.getJsonObject("dev");
    LOG.info("""

      ==============================================================
        Surge dev server: http://localhost:{}
        Admin login:      {} / {}
        API document:     http://localhost:{}/api/v1/openapi.json
        Services:{}
        Data folder:      {}   (start with --wipe to reset)
        Press Ctrl-C to stop the server and every embedded service.
      ==============================================================""",
      httpPort(), dev.getString("adminEmail"), dev.getString("adminPassword"), httpPort(), services.summary(),
      Path.of(dev.getString("dataDir")).toAbsolutePath());
  }

  /** Stops the server, then every embedded service it started. Safe to call from a shutdown hook. */
  @Override
  public void close() {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
    services.close();
    LOG.info("dev server stopped");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
