package io.surge.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster on loopback from the Redis 6.2 binary that embedded-redis ships (the one {@link EmbeddedRedis}
 * runs): {@code masters} masters with one replica each, for tests and benchmarks of Surge on a cluster.
 *
 * <p>The binary comes without {@code redis-cli}, so the cluster is formed the way {@code redis-cli --cluster create}
 * forms it, with the commands themselves: CLUSTER MEET, ADDSLOTS (the 16384 slots split evenly over the masters),
 * then CLUSTER REPLICATE. A short {@code cluster-node-timeout} (1 s) makes a killed master's replica take over within
 * a few seconds. Blocking methods: call them from a test or dev thread, never an event loop.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisCluster.class);
  private static final String HOST = "127.0.0.1";
  private static final int SLOTS = 16384;
  /** A node also listens on its port + 10000 for the cluster bus. */
  private static final int BUS_OFFSET = 10000;
  private static final Duration FORMING = Duration.ofSeconds(60);

  private final Vertx vertx = Vertx.vertx();
  private final List<Node> nodes = new ArrayList<>();

  private record Node(int port, RedisServer server, Redis client, RedisAPI api) {
    String uri() {
      return "redis://" + HOST + ":" + port;
    }
  }

  private EmbeddedRedisCluster() {
  }

  /** Starts {@code masters} masters and as many replicas under {@code dataDir} (emptied first) and forms the cluster. */
  public static EmbeddedRedisCluster start(Path dataDir, int masters) throws IOException {
    long t0 = System.nanoTime();
    deleteRecursively(dataDir);
    EmbeddedRedisCluster cluster = new EmbeddedRedisCluster();
    try {
      for (int i = 0; i < 2 * masters; i++) {
        cluster.nodes.add(startNode(cluster.vertx, dataDir.resolve("node-" + i)));
      }
      cluster.form(masters);
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
    LOG.info("Redis Cluster of {} masters and {} replicas ready at {} in {} ms", masters, masters, cluster.uri(),
      (System.nanoTime() - t0) / 1_000_000);
    return cluster;
  }

  /**
   * Runs a cluster of 3 masters and 3 replicas in a process of its own, for benchmarks (their CPU figures then show
   * each Redis process): prints {@code uri=<seed list>} and {@code nodes=<port>:<pid>:<master|slave>,...}, then runs
   * until the process is stopped. Argument: the data directory.
   */
  public static void main(String[] args) throws Exception {
    EmbeddedRedisCluster cluster = start(Path.of(args.length > 0 ? args[0] : "target/redis-cluster"), 3);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    System.out.println("nodes=" + String.join(",", cluster.describe()));
    System.out.println("uri=" + cluster.uri());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Each node as {@code <port>:<pid>:<role>} (role as INFO replication says: master or slave). */
  public List<String> describe() {
    return nodes.stream().map(node -> node.port() + ":"
      + field(await(node.api().info(List.of("server"))).toString(), "process_id") + ":"
      + field(await(node.api().info(List.of("replication"))).toString(), "role")).toList();
  }

  /** Every node's address, comma-separated: the seed list for {@code redis.uri} with {@code redis.type=cluster}. */
  public String uri() {
    return nodes.stream().map(Node::uri).collect(Collectors.joining(","));
  }

  /**
   * Kills (SIGKILL) the master that serves {@code key}'s slot and waits until its replica has taken over and the
   * cluster is whole again. Returns the killed node's port.
   */
  public int killMasterOf(String key) {
    Node live = anyLive();
    long slot = await(live.api().cluster(List.of("KEYSLOT", key))).toLong();
    Node master = masterOf(live, slot);
    long pid = Long.parseLong(field(await(master.api().info(List.of("server"))).toString(), "process_id"));
    LOG.info("killing the Redis master on port {} (slot {}, pid {})", master.port(), slot, pid);
    ProcessHandle.of(pid).ifPresent(process -> {
      process.destroyForcibly();
      process.onExit().join();
    });
    master.client().close();
    nodes.remove(master);
    try {
      master.server().stop();
    } catch (IOException | RuntimeException alreadyDead) {
      LOG.debug("stopping the killed node: {}", alreadyDead.toString());
    }
    awaitCondition("a replica took over slot " + slot, () -> {
      Node survivor = anyLive();
      Node now = masterOf(survivor, slot);
      return now != null && now.port() != master.port() && nodes.stream().allMatch(this::clusterOk);
    });
    return master.port();
  }

  /** The port of the master that serves {@code key}'s slot now. */
  public int masterPortOf(String key) {
    Node live = anyLive();
    long slot = await(live.api().cluster(List.of("KEYSLOT", key))).toLong();
    return masterOf(live, slot).port();
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      node.client().close();
      try {
        node.server().stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("stopping Redis node on port {}: {}", node.port(), e.toString());
      }
    }
    nodes.clear();
    vertx.close();
  }

  private void form(int masters) {
    List<String> ids = nodes.stream().map(node -> await(node.api().cluster(List.of("MYID"))).toString()).toList();
    Node first = nodes.get(0);
    for (Node node : nodes.subList(1, nodes.size())) {
      await(first.api().cluster(List.of("MEET", HOST, Integer.toString(node.port()))));
    }
    for (int m = 0; m < masters; m++) {
      List<String> slots = new ArrayList<>(List.of("ADDSLOTS"));
      for (int slot = m * SLOTS / masters; slot < (m + 1) * SLOTS / masters; slot++) {
        slots.add(Integer.toString(slot));
      }
      await(nodes.get(m).api().cluster(slots));
    }
    awaitCondition("every node knows every other", () -> nodes.stream()
      .allMatch(node -> lines(await(node.api().cluster(List.of("NODES"))).toString()).size() == nodes.size()));
    for (int r = 0; r < masters; r++) {
      Node replica = nodes.get(masters + r);
      String master = ids.get(r);
      awaitCondition("node on port " + replica.port() + " replicates " + master,
        () -> tryReplicate(replica, master));
    }
    awaitCondition("cluster state ok everywhere, replicas in sync", () -> nodes.stream().allMatch(this::clusterOk)
      && nodes.subList(masters, nodes.size()).stream().allMatch(replica -> "up".equals(
        field(await(replica.api().info(List.of("replication"))).toString(), "master_link_status"))));
  }

  private static boolean tryReplicate(Node replica, String masterId) {
    try {
      await(replica.api().cluster(List.of("REPLICATE", masterId)));
      return true;
    } catch (RuntimeException notYetKnown) {
      return false; // "Unknown node": the gossip has not reached this node yet
    }
  }

  private boolean clusterOk(Node node) {
    try {
      String info = await(node.api().cluster(List.of("INFO"))).toString();
      return "ok".equals(field(info, "cluster_state"))
        && lines(await(node.api().cluster(List.of("NODES"))).toString()).stream()
          .noneMatch(line -> line.contains("fail") && !line.contains("fail?") && isLive(line));
    } catch (RuntimeException unreachable) {
      return false;
    }
  }

  /** A CLUSTER NODES line of a node still running (a killed one stays listed as failed). */
  private boolean isLive(String line) {
    return nodes.stream().anyMatch(node -> line.contains(HOST + ":" + node.port() + "@"));
  }

  private Node anyLive() {
    return nodes.get(0);
  }

  /** The running node that CLUSTER SLOTS (asked of {@code asked}) names as master of {@code slot}, or null. */
  private Node masterOf(Node asked, long slot) {
    Response ranges = await(asked.api().cluster(List.of("SLOTS")));
    for (Response range : ranges) {
      if (range.get(0).toLong() <= slot && slot <= range.get(1).toLong()) {
        int port = range.get(2).get(1).toInteger();
        return nodes.stream().filter(node -> node.port() == port).findFirst().orElse(null);
      }
    }
    return null;
  }

  private static Node startNode(Vertx vertx, Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = freePortPair();
    RedisServer server = RedisServer.newRedisServer()
      .bind(HOST)
      .port(port)
      .setting("dir \"" + dir.toAbsolutePath() + "\"")
      .setting("cluster-enabled yes")
      .setting("cluster-config-file nodes.conf")
      .setting("cluster-node-timeout 1000")
      // A replica may always take over, however long its link was down: the test kills masters on purpose.
      .setting("cluster-replica-validity-factor 0")
      .setting("appendonly no")
      .setting("save \"\"")
      .setting("repl-diskless-sync yes")
      .setting("repl-diskless-sync-delay 0")
      .soutListener(line -> LOG.debug("redis {}: {}", port, line))
      .serrListener(line -> LOG.warn("redis {}: {}", port, line))
      .build();
    server.start();
    Redis client = Redis.createClient(vertx, "redis://" + HOST + ":" + port);
    return new Node(port, server, client, RedisAPI.api(client));
  }

  /** A free port below 55536 whose cluster-bus port (+10000) is free too. */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 45_000);
      if (free(port) && free(port + BUS_OFFSET)) {
        return port;
      }
    }
    throw new IOException("no free port pair for a Redis Cluster node");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort() == port;
    } catch (IOException taken) {
      return false;
    }
  }

  private static List<String> lines(String text) {
    return text.lines().filter(line -> !line.isBlank()).toList();
  }

  /** {@code name:value} from INFO-style text, or null. */
  private static String field(String text, String name) {
    return text.lines().filter(line -> line.startsWith(name + ":"))
      .map(line -> line.substring(name.length() + 1).trim())
      .findFirst().orElse(null);
  }

  private static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + FORMING.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Redis Cluster: timed out waiting until " + what);
      }
      try {
        Thread.sleep(50); // polling interval of a condition, not a wait for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Redis Cluster command failed: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
