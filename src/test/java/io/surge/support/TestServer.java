package io.surge.support;

import io.surge.Infrastructure;
import io.surge.dev.DemoData;
import io.surge.dev.DevLauncher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real Surge server per test run, started through the dev launcher exactly as
 * {@code mvn -Pdev compile exec:java} starts it (embedded PostgreSQL, Redis and Kafka), on a fresh
 * data folder under {@code target/}. Shared by every test class; data is reset before each test.
 */
public final class TestServer {

  private static DevLauncher launcher;
  private static Vertx support;
  private static Pool db;
  private static Redis redisClient;

  private TestServer() {
  }

  public static synchronized DevLauncher get() {
    if (launcher == null) {
      launcher = start(true);
      Runtime.getRuntime().addShutdownHook(new Thread(TestServer::stop, "test-server-shutdown"));
    }
    return launcher;
  }

  /**
   * Stops the server and its embedded services, then starts them again on the same data folder and the same ports
   * (as a restarted dev server: its token issuer is its own address, so tokens from before still verify).
   */
  public static synchronized DevLauncher restart() {
    int httpPort = config().getJsonObject("http").getInteger("port");
    int managementPort = config().getJsonObject("management").getInteger("port");
    closeSupportClients();
    get().close();
    launcher = start(false, httpPort, managementPort);
    return launcher;
  }

  /** Kills Redis (SIGKILL) and starts an empty one on the same port, as after a crash that lost its data. */
  public static synchronized void crashRedis() {
    try {
      get().crashRedis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the embedded Kafka broker; the server keeps running. Pair with {@link #startKafka()} in a finally. */
  public static synchronized void stopKafka() {
    get().stopKafka();
  }

  /** Starts the embedded Kafka broker again on the same address; does nothing if it runs. */
  public static synchronized void startKafka() {
    try {
      get().startKafka();
    } catch (IOException e) {
      throw new IllegalStateException("Kafka did not start again", e);
    }
  }

  public static String baseUrl() {
    return "http://127.0.0.1:" + get().httpPort();
  }

  /** The management port's base URL: metrics and probes, never on the public port. */
  public static String managementUrl() {
    return "http://127.0.0.1:" + config().getJsonObject("management").getInteger("port");
  }

  /** A copy of the configuration for a second server against the same services: its management port is a free one. */
  public static JsonObject secondServerConfig() {
    JsonObject config = config().copy();
    config.getJsonObject("management").put("port", 0);
    return config;
  }

  public static JsonObject config() {
    return get().config();
  }

  /** Direct database access for assertions about what was (not) written. */
  public static synchronized Pool db() {
    connectSupportClients();
    return db;
  }

  /** Direct Redis access for assertions about keys and their TTLs. */
  public static synchronized RedisAPI redis() {
    connectSupportClients();
    return RedisAPI.api(redisClient);
  }

  /** The Redis client itself, for what takes one rather than the command API (a flash-sale gate). */
  public static synchronized Redis redisClient() {
    connectSupportClients();
    return redisClient;
  }

  /** The server's /metrics (management port), as Prometheus scrapes it. */
  public static String metrics() {
    try {
      return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(managementUrl() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString())
        .body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("no /metrics", e);
    }
  }

  public static long count(String sql) {
    Row row = Wait.forResult(db().query(sql).execute()).iterator().next();
    return row.getLong(0);
  }

  /**
   * Waits until every flash-sale order accepted so far is written out (the sale's batch makes each purchase durable
   * with a due row; the orders domain writes the order a moment later). Call before counting a sale's orders.
   */
  public static void awaitOrdersWrittenOut() {
    Wait.until("every due flash-sale order to be written out", java.time.Duration.ofSeconds(30),
      () -> count("SELECT count(*) FROM orders_due"), due -> due == 0);
  }

  /** Empties every table and Redis, then seeds the demo admin again (no catalog: tests generate their own). */
  public static synchronized void reset() {
    connectSupportClients();
    List<String> tables = new ArrayList<>();
    // catalog_clock is the price scheduler's single-row lock: truncating it would deadlock with a scheduler tick.
    Wait.forResult(db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
      + "AND tablename NOT IN ('flyway_schema_history', 'catalog_clock')").execute())
      .forEach(row -> tables.add(row.getString(0)));
    if (!tables.isEmpty()) {
      truncate(tables, 3);
    }
    Wait.forResult(RedisAPI.api(redisClient).flushall(List.of()));
    Wait.forResult(DemoData.seedAccounts(support, config()));
  }

  /** A scheduler tick can still collide with TRUNCATE's locks now and then; PostgreSQL then aborts one side. */
  private static void truncate(List<String> tables, int attempts) {
    try {
      Wait.forResult(db.query("TRUNCATE " + String.join(", ", tables) + " CASCADE").execute());
    } catch (PgException e) {
      if (!"40P01".equals(e.getSqlState()) || attempts <= 1) {
        throw e;
      }
      truncate(tables, attempts - 1);
    }
  }

  private static DevLauncher start(boolean wipe) {
    return start(wipe, freePort(), freePort());
  }

  private static DevLauncher start(boolean wipe, int httpPort, int managementPort) {
    JsonObject config = DevLauncher.devConfig(System.getenv());
    // no demo catalog at start-up: reset() empties it before every test anyway
    config.getJsonObject("dev").put("dataDir", "target/test-data").put("demoProducts", 0);
    config.getJsonObject("http").put("port", httpPort).put("instances", 2);
    config.getJsonObject("management").put("port", managementPort);
    // Tests truncate tables between cases, which no invalidation message announces.
    config.getJsonObject("catalog").put("searchCacheSeconds", 0);
    config.getJsonObject("dev").put("demoImages", 0);
    // Every test registers from 127.0.0.1; PasswordAbuseTest checks the limit on a second server.
    config.getJsonObject("security").put("registrationsPerAddress", 0);
    // Every test buyer comes from 127.0.0.1: the per-IP bucket would throttle the stampede tests themselves.
    config.getJsonObject("flashSales").put("ipRatePerSecond", 0);
    // As behind a load balancer on this machine: X-Forwarded-For from 127.0.0.1 names the client.
    config.getJsonObject("http").put("trustedProxies", "127.0.0.1");
    // Provider-timeout tests hold the sandbox's answers back longer than this.
    config.getJsonObject("payments").put("timeoutMillis", 2000);
    try {
      return DevLauncher.launch(config, wipe);
    } catch (Exception e) {
      throw new IllegalStateException("Test server failed to start", e);
    }
  }

  private static void connectSupportClients() {
    if (support == null) {
      support = Vertx.vertx();
    }
    if (db == null) {
      db = Infrastructure.postgres(support, config().getJsonObject("postgres"));
      redisClient = Infrastructure.redis(support, config().getJsonObject("redis"));
    }
  }

  private static void closeSupportClients() {
    if (db != null) {
      Wait.forResult(db.close());
      redisClient.close();
      db = null;
      redisClient = null;
    }
  }

  private static synchronized void stop() {
    closeSupportClients();
    if (launcher != null) {
      launcher.close();
    }
    if (support != null) {
      support.close();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
