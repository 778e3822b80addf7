package io.surge.dev;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka 4.2 broker (KRaft, combined broker+controller) running inside this JVM, for dev mode
 * and tests: no ZooKeeper, no Docker, no second process to leave behind.
 *
 * <p>The log directory is formatted with Kafka's own {@link Formatter} on first use (a new random cluster id);
 * afterwards {@code meta.properties} is kept, so the cluster id, topics and records survive a restart. The quorum
 * is static ({@code controller.quorum.voters}, kraft.version 0), which keeps no listener endpoints in the
 * metadata log, so both ports are simply picked free on each start (or given, to restart a stopped broker where
 * its clients expect it). Replication factors and min ISR are 1, so
 * idempotent producers with {@code acks=all} and transactions work.
 *
 * <p>After a crash (no controlled shutdown) a start takes about 3 s longer: the controller keeps the old broker
 * registration until its session times out. Like a standalone broker, Kafka halts the JVM on fatal faults (for
 * example a full disk).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::close, "embedded-kafka-shutdown");

  private EmbeddedKafka(KafkaRaftServer server, Path logDir, int brokerPort, int controllerPort) {
    this.server = server;
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The broker in a process of its own (benchmarks: so the server's CPU is Surge's alone). Prints
   * {@code bootstrap=<host:port>} once it accepts clients and runs until the process is stopped.
   */
  public static void main(String[] args) throws Exception {
    EmbeddedKafka broker = start(Path.of(args.length > 0 ? args[0] : "target/kafka"));
    System.out.println("bootstrap=" + broker.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Formats {@code logDir} if needed and starts the broker on free ports; returns once it accepts clients. */
  public static EmbeddedKafka start(Path logDir) throws IOException {
    return start(logDir, freePort(), freePort());
  }

  /**
   * Starts the broker on the given ports. Tests use it to bring a stopped broker back where its clients
   * still look for it: {@code start(k.logDir(), k.brokerPort(), k.controllerPort())}.
   */
  public static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort) throws IOException {
    long t0 = System.nanoTime();
    Path dir = logDir.toAbsolutePath();
    Files.createDirectories(dir);
    Properties props = config(dir, brokerPort, controllerPort);
    String clusterId = formatIfNeeded(dir);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup(); // returns when the broker is registered and unfenced
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw new IOException("Kafka did not start on " + dir, e);
    }
    LOG.info("Kafka (cluster {}) ready at {}:{} in {} ms", clusterId, HOST, brokerPort,
      (System.nanoTime() - t0) / 1_000_000);
    return new EmbeddedKafka(server, dir, brokerPort, controllerPort);
  }

  private static Properties config(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // After a crash (no controlled shutdown) the old broker registration blocks the new one until its session
    // expires: 9 s by default, 3 s here. Heartbeats stay well inside it.
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    p.put("log.retention.hours", "168");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    return p;
  }

  /** Returns the cluster id from {@code meta.properties}, formatting the directory first if it has none. */
  private static String formatIfNeeded(Path dir) throws IOException {
    Path meta = dir.resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(meta)) {
        props.load(in);
      }
      return props.getProperty("cluster.id");
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new Formatter()
        .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dir.toString())
        .addDirectory(dir.toString())
        .run();
    } catch (Exception e) {
      throw new IOException("Could not format Kafka log dir " + dir + ": " + out, e);
    }
    LOG.info("Formatted Kafka log dir {}: {}", dir, out.toString(StandardCharsets.UTF_8).trim());
    return clusterId;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }

  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  public Path logDir() {
    return logDir;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public int controllerPort() {
    return controllerPort;
  }

  /**
   * Shuts the broker and controller down cleanly and waits for it, so the next start needs no log recovery.
   * Idempotent; also run by a shutdown hook (Ctrl-C in dev mode), like the PostgreSQL and Redis wrappers.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // we are running as the hook
    }
    // Stopping alongside the other services (their shutdown hooks run at the same time), the broker may meet
    // errors it treats as fatal and halt the JVM, cutting the dev server's orderly stop short (seen in CI: no
    // "dev server stopped"). Once we are stopping, a halt or exit request is logged instead.
    Exit.setHaltProcedure((status, message) -> LOG.warn("Kafka asked to halt the JVM while stopping ({}): ignored",
      message));
    Exit.setExitProcedure((status, message) -> LOG.warn("Kafka asked to exit the JVM while stopping ({}): ignored",
      message));
    server.shutdown();
    server.awaitShutdown();
  }
}
