package io.surge.support;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One member of a {@link KafkaCluster}, as a process of its own: a KRaft node that is broker and controller at
 * once, in a static quorum of all the cluster's nodes, configured as a production cluster would be (internal
 * topics replicated 3 times, min ISR 2, no unclean leader election). Topic auto-creation is off and the default
 * replication factor is 1, so a topic with 3 replicas is one Surge created itself ({@code kafka.replicationFactor}).
 * Prints {@code ready} once the broker is registered and unfenced, then runs until it is killed.
 *
 * <p>Arguments: node id, log directory, cluster id, broker port, controller port, quorum voters
 * ({@code id@host:port,...}).
 */
public final class KafkaNode {

  static final String READY = "ready";
  private static final String HOST = "127.0.0.1";

  private KafkaNode() {
  }

  public static void main(String[] args) throws Exception {
    int nodeId = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]).toAbsolutePath();
    String clusterId = args[2];
    int brokerPort = Integer.parseInt(args[3]);
    int controllerPort = Integer.parseInt(args[4]);
    String voters = args[5];
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("meta.properties"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new Formatter().setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8)).setNodeId(nodeId)
        .setClusterId(clusterId).setControllerListenerName("CONTROLLER").setMetadataLogDirectory(dir.toString())
        .addDirectory(dir.toString()).run();
    }
    KafkaRaftServer server = new KafkaRaftServer(
      KafkaConfig.fromProps(config(nodeId, dir, brokerPort, controllerPort, voters), false), Time.SYSTEM);
    server.startup();
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static Properties config(int nodeId, Path dir, int brokerPort, int controllerPort, String voters) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("num.partitions", "3");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("unclean.leader.election.enable", "false");
    p.put("offsets.topic.replication.factor", "3");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "3");
    p.put("transaction.state.log.min.isr", "2");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "3");
    p.put("share.coordinator.state.topic.min.isr", "2");
    p.put("group.initial.rebalance.delay.ms", "0");
    // A killed broker is fenced (and leaves every ISR, its partitions get new leaders) after this much silence.
    // Not shorter: on a loaded test machine a live broker's heartbeat is sometimes seconds late, and a fenced live
    // broker is a second, unplanned failure.
    p.put("broker.session.timeout.ms", "6000");
    p.put("broker.heartbeat.interval.ms", "1000");
    p.put("controller.quorum.fetch.timeout.ms", "4000");
    p.put("controller.quorum.election.timeout.ms", "2000");
    p.put("replica.lag.time.max.ms", "10000");
    p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("background.threads", "2");
    return p;
  }
}
