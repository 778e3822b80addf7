package io.surge.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A replicated Kafka cluster for fault tests: {@code size} KRaft nodes ({@link KafkaNode}), each a process of its own,
 * so that {@link #kill} is a real crash (SIGKILL: no controlled shutdown, no flush, no goodbye to the controller).
 * Started together (a quorum needs a majority before any broker registers); a killed node can be started again on its
 * ports and log directory.
 */
public final class KafkaCluster implements AutoCloseable {

  private final Path dir;
  private final String clusterId = Uuid.randomUuid().toString();
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final Process[] processes;
  /** Per node, how many times it was started: its log holds one "ready" line per start. */
  private final int[] starts;
  private final String voters;
  private Admin admin;

  private KafkaCluster(Path dir, int size) {
    this.dir = dir;
    this.brokerPorts = IntStream.range(0, size).map(i -> freePort()).toArray();
    this.controllerPorts = IntStream.range(0, size).map(i -> freePort()).toArray();
    this.processes = new Process[size];
    this.starts = new int[size];
    this.voters = IntStream.range(0, size).mapToObj(i -> nodeId(i) + "@127.0.0.1:" + controllerPorts[i])
      .collect(Collectors.joining(","));
  }

  /** Starts {@code size} nodes under {@code dir} (emptied first) and waits until every broker is ready. */
  public static KafkaCluster start(Path dir, int size) {
    deleteTree(dir);
    KafkaCluster cluster = new KafkaCluster(dir, size);
    try {
      for (int i = 0; i < size; i++) {
        cluster.spawn(i);
      }
      for (int i = 0; i < size; i++) {
        cluster.awaitReady(i);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Every broker's address, comma-separated, as {@code kafka.bootstrapServers} takes it. */
  public String bootstrapServers() {
    return IntStream.of(brokerPorts).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  /** SIGKILL to node {@code nodeId} (1-based, as Kafka names it); returns once the process is gone. */
  public void kill(int nodeId) {
    Process process = processes[nodeId - 1];
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a killed node again where it was (same ports, same log directory) and waits until it is ready. */
  public void restart(int nodeId) {
    spawn(nodeId - 1);
    awaitReady(nodeId - 1);
  }

  /** The node leading {@code topic}'s partition now (-1 while it has none). */
  public int leaderOf(String topic, int partition) {
    var leader = describe(topic).partitions().get(partition).leader();
    return leader == null ? -1 : leader.id();
  }

  public TopicDescription describe(String topic) {
    try {
      return admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    } catch (Exception e) {
      throw new IllegalStateException("could not describe " + topic, e);
    }
  }

  /** An admin client on the cluster (closed with it). */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "client.id", "test-cluster-admin"));
    }
    return admin;
  }

  private static int nodeId(int index) {
    return index + 1;
  }

  private Path log(int index) {
    return dir.resolve("node-" + nodeId(index) + ".log");
  }

  private void spawn(int index) {
    try {
      Files.createDirectories(dir);
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), KafkaNode.class.getName(),
        String.valueOf(nodeId(index)), dir.resolve("data-" + nodeId(index)).toString(), clusterId,
        String.valueOf(brokerPorts[index]), String.valueOf(controllerPorts[index]), voters));
      processes[index] = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(index).toFile())).start();
      starts[index]++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(int index) {
    Path log = log(index);
    Wait.until("Kafka node " + nodeId(index) + " ready (see " + log + ")", Duration.ofSeconds(120),
      Duration.ofMillis(200), () -> {
        if (!processes[index].isAlive()) {
          throw new IllegalStateException("Kafka node " + nodeId(index) + " exited; see " + log);
        }
        return Files.readAllLines(log).stream().filter(KafkaNode.READY::equals).count();
      }, ready -> ready >= starts[index]);
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
