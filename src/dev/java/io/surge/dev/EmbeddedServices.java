package io.surge.dev;

import io.surge.config.SurgeConfig;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Starts an embedded PostgreSQL, Redis and Kafka for each one the configuration does not point at,
 * writes their endpoints into the configuration, and stops them in reverse order on close.
 */
final class EmbeddedServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final StringBuilder summary = new StringBuilder();
  private EmbeddedKafka kafka;
  private EmbeddedRedis redis;

  static EmbeddedServices startMissing(JsonObject config, Path dataDir) throws Exception {
    EmbeddedServices services = new EmbeddedServices();
    try {
      services.postgres(config.getJsonObject("postgres"), dataDir.resolve("postgres"));
      services.redis(config.getJsonObject("redis"), dataDir.resolve("redis"));
      services.kafka(config.getJsonObject("kafka"), dataDir.resolve("kafka"));
    } catch (Exception e) {
      services.close();
      throw e;
    }
    return services;
  }

  private void postgres(JsonObject postgres, Path dir) throws Exception {
    if (SurgeConfig.text(postgres, "host") != null) {
      note("postgres", "external " + postgres.getString("host") + ":" + postgres.getInteger("port"));
      return;
    }
    long start = System.nanoTime();
    EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
    started.push(pg);
    postgres.put("host", pg.host()).put("port", pg.port()).put("database", pg.database())
      .put("user", pg.user()).put("password", pg.password());
    started("postgres", start, pg.host() + ":" + pg.port() + "/" + pg.database() + " (data in " + dir + ")");
  }

  private void redis(JsonObject redis, Path dir) throws Exception {
    if (SurgeConfig.text(redis, "uri") != null) {
      note("redis", "external " + redis.getString("uri"));
      return;
    }
    long start = System.nanoTime();
    EmbeddedRedis server = EmbeddedRedis.start(dir);
    started.push(server);
    this.redis = server;
    redis.put("uri", "redis://" + server.host() + ":" + server.port());
    started("redis", start, redis.getString("uri"));
  }

  private void kafka(JsonObject kafka, Path dir) throws Exception {
    if (SurgeConfig.text(kafka, "bootstrapServers") != null) {
      note("kafka", "external " + kafka.getString("bootstrapServers"));
      return;
    }
    long start = System.nanoTime();
    EmbeddedKafka broker = EmbeddedKafka.start(dir);
    started.push(broker);
    this.kafka = broker;
    kafka.put("bootstrapServers", broker.bootstrapServers());
    started("kafka", start, broker.bootstrapServers());
  }

  /** Kills the embedded Redis (SIGKILL), loses its data, and starts an empty one on the same port (tests). */
  synchronized void crashRedis() throws IOException {
    if (redis == null) {
      throw new IllegalStateException("Redis is external, not embedded");
    }
    started.remove(redis);
    redis = redis.crashAndRestartEmpty();
    started.push(redis);
  }

  /** Stops the embedded Kafka broker (tests of a Kafka outage); {@link #startKafka()} brings it back. */
  synchronized void stopKafka() {
    EmbeddedKafka broker = embeddedKafka();
    broker.close();
    started.remove(broker);
    LOG.info("stopped embedded kafka at {}", broker.bootstrapServers());
  }

  /** Starts the embedded Kafka broker again on the same ports and data, so clients' addresses stay valid. */
  synchronized void startKafka() throws IOException {
    EmbeddedKafka stopped = embeddedKafka();
    if (started.contains(stopped)) {
      return;
    }
    kafka = EmbeddedKafka.start(stopped.logDir(), stopped.brokerPort(), stopped.controllerPort());
    started.push(kafka);
  }

  private EmbeddedKafka embeddedKafka() {
    if (kafka == null) {
      throw new IllegalStateException("Kafka is external, not embedded");
    }
    return kafka;
  }

  private void started(String name, long startNanos, String where) {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    LOG.info("started embedded {} in {} ms at {}", name, ms, where);
    note(name, "embedded at " + where);
  }

  private void note(String name, String where) {
    summary.append(String.format("%n  %-9s %s", name, where));
  }

  String summary() {
    return summary.toString();
  }

  /** Stops every service it started, newest first; idempotent, and safe from a shutdown hook and a failed start at once. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable service = started.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("Failed to stop {}", service.getClass().getSimpleName(), e);
      }
    }
  }
}
