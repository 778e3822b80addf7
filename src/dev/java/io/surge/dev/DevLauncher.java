package io.surge.dev;

import io.surge.SurgeServer;
import io.surge.config.SurgeConfig;
import io.surge.dev.bench.NaiveBaseline;
import io.surge.dev.psp.PaymentSandbox;
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
  /** Guards the parts below: a stop may come while they are still starting (Ctrl-C during the demo seeding). */
  private final Object lifecycle = new Object();
  private boolean stopping;
  private EmbeddedServices services;
  private Vertx vertx;
  private PaymentSandbox sandbox;

  private DevLauncher(JsonObject config) {
    this.config = config;
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = devConfig(System.getenv());
    boolean wipe = Arrays.asList(args).contains("--wipe") || DevSettings.from(config).wipe();
    DevLauncher launcher = new DevLauncher(config);
    // Registered before anything starts: /health/ready answers before the demo data is seeded, and a stop that
    // comes then must still close the server and the embedded services in order (CI's dev smoke stops right there).
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "surge-dev-shutdown"));
    try {
      launcher.start(wipe);
    } catch (StoppedWhileStarting e) {
      return;
    }
    launcher.printBanner();
  }

  /** {@code conf/application.json}, then {@code conf/dev.json}, then the environment. */
  public static JsonObject devConfig(Map<String, String> env) {
    return SurgeConfig.load(List.of("conf/dev.json"), env);
  }

  /** Starts embedded services and the server; returns once the server answers. */
  public static DevLauncher launch(JsonObject config, boolean wipe) throws Exception {
    DevLauncher launcher = new DevLauncher(config);
    launcher.start(wipe);
    return launcher;
  }

  private void start(boolean wipe) throws Exception {
    long start = System.nanoTime();
    Path dataDir = Path.of(DevSettings.from(config).dataDir()).toAbsolutePath();
    if (wipe) {
      deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);
    try {
      EmbeddedServices started = EmbeddedServices.startMissing(config, dataDir);
      own(() -> services = started, started);
      DevKeys.ensure(config.getJsonObject("jwt"), dataDir);
      followPort(config);
      config.getJsonObject("catalog").put("imageDir", dataDir.resolve("images").toString());
      Vertx server = SurgeServer.createVertx(config);
      own(() -> vertx = server, server::close);
      sandbox = paymentSandbox(server, config);
      SurgeServer.start(server, config).compose(v -> DemoData.seed(server, config))
        .compose(v -> NaiveBaseline.deployIfAsked(server, config)).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (isStopping()) {
        throw new StoppedWhileStarting();
      }
      close();
      throw e;
    }
    LOG.info("dev server ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    DemoImages.attach(vertx, config);
    DemoFlashSale.schedule(vertx, config);
  }

  /** Keeps a part that has just started, or closes it at once when a stop has begun meanwhile. */
  private void own(Runnable keep, AutoCloseable part) throws Exception {
    synchronized (lifecycle) {
      if (!stopping) {
        keep.run();
        return;
      }
    }
    part.close();
    throw new StoppedWhileStarting();
  }

  private boolean isStopping() {
    synchronized (lifecycle) {
      return stopping;
    }
  }

  /** The stop came while the launcher was still starting; what had started is closed. */
  private static final class StoppedWhileStarting extends Exception {
    StoppedWhileStarting() {
      super("stopped while starting", null, false, false);
    }
  }

  /**
   * Dev mode's token issuer is the dev server's own address, on whichever port it listens ({@code SURGE_HTTP_PORT}),
   * unless {@code jwt.issuer} is set ({@code conf/dev.json} leaves it blank).
   */
  static void followPort(JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    if (SurgeConfig.text(jwt, "issuer") == null) {
      jwt.put("issuer", "http://localhost:" + config.getJsonObject("http").getInteger("port"));
    }
  }

  /**
   * Unless configuration names a provider's API key, payments go to the in-memory sandbox on its own
   * loopback port, which sends its signed webhooks to this server.
   */
  private static PaymentSandbox paymentSandbox(Vertx vertx, JsonObject config) throws Exception {
    JsonObject payments = config.getJsonObject("payments");
    if (SurgeConfig.text(payments, "apiKey") != null) {
      return null;
    }
    String webhooks = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port")
      + "/api/v1/webhooks/payments";
    PaymentSandbox sandbox = PaymentSandbox.start(vertx, payments, webhooks,
      DevSettings.from(config).paymentSandbox()).await(30, TimeUnit.SECONDS);
    LOG.info("payment sandbox at {} (webhooks to {})", sandbox.baseUrl(), webhooks);
    return sandbox;
  }

  /** The payment sandbox's base URL, or null when a real provider is configured. */
  public String paymentSandboxUrl() {
    return sandbox == null ? null : sandbox.baseUrl();
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
    DevSettings dev = DevSettings.from(config);
    LOG.info("""

      ==============================================================
        Surge dev server: http://localhost:{}
        Admin login:      {} / {}
        API document:     http://localhost:{}/api/v1/openapi.json
        Services:{}
          payments  {}
        Data folder:      {}   (start with --wipe to reset)
        Press Ctrl-C to stop the server and every embedded service.
      ==============================================================""",
      httpPort(), dev.adminEmail(), dev.adminPassword(), httpPort(), services.summary(),
      sandbox == null ? "external provider " + config.getJsonObject("payments").getString("baseUrl")
        : "sandbox at " + sandbox.baseUrl() + " (pay a dev order: /sandbox/pay/{provider_payment_id})",
      Path.of(dev.dataDir()).toAbsolutePath());
  }

  /** Stops the server, then every embedded service it started. Safe to call from a shutdown hook. */
  @Override
  public void close() {
    Vertx server;
    EmbeddedServices embedded;
    synchronized (lifecycle) {
      stopping = true;
      server = vertx;
      embedded = services;
    }
    if (server != null) {
      try {
        server.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly", e);
      }
    }
    if (embedded != null) {
      embedded.close();
    }
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
