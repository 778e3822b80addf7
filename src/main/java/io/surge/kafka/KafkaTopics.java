package io.surge.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates Surge's topics with {@code kafka.replicationFactor} and {@code kafka.minInsyncReplicas} before anything
 * produces to them (a broker's auto-create would use its own defaults, often a replication factor of 1). A topic
 * that exists is left as it is; one replicated less than configured is named in a warning, since a broker lost
 * then loses its events. Runs at start on a worker (the Admin client blocks), bounded: a Kafka that does not
 * answer does not keep the server from starting (checkouts wait in the outbox meanwhile).
 */
public final class KafkaTopics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
  private static final long TIMEOUT_MS = 10_000;

  private KafkaTopics() {
  }

  /** Completes once the topics exist (or Surge gave up on them, with a warning); never fails. */
  public static Future<Void> ensure(Vertx vertx, KafkaSettings kafka, List<String> topics) {
    if (!kafka.createsTopics()) {
      return Future.succeededFuture();
    }
    return vertx.<Void>executeBlocking(() -> {
      create(kafka, topics.stream().distinct().toList());
      return null;
    }, false).otherwise(e -> {
      LOG.warn("Could not make sure the Kafka topics {} exist (the broker's defaults apply to any it creates): {}",
        topics, e.toString());
      return null;
    });
  }

  private static void create(KafkaSettings kafka, List<String> topics) throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", "surge-topics",
      "request.timeout.ms", (int) TIMEOUT_MS / 2, "default.api.timeout.ms", (int) TIMEOUT_MS);
    Optional<Short> replicas = kafka.replicationFactor() > 0 ? Optional.of((short) kafka.replicationFactor())
      : Optional.empty();
    Map<String, String> topicConfig = kafka.minInsyncReplicas() > 0
      ? Map.of("min.insync.replicas", String.valueOf(kafka.minInsyncReplicas())) : Map.of();
    try (Admin admin = Admin.create(config)) {
      List<NewTopic> wanted = topics.stream()
        .map(name -> new NewTopic(name, Optional.empty(), replicas).configs(topicConfig)).toList();
      var created = admin.createTopics(wanted).values();
      for (String topic : topics) {
        try {
          created.get(topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
          LOG.info("Created Kafka topic {} (replication factor {}, min.insync.replicas {}; 0 = broker default)",
            topic, kafka.replicationFactor(), kafka.minInsyncReplicas());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      if (kafka.replicationFactor() > 0) {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        described.forEach((name, description) -> {
          int actual = description.partitions().get(0).replicas().size();
          if (actual < kafka.replicationFactor()) {
            LOG.warn("Kafka topic {} has {} replicas, fewer than kafka.replicationFactor {}: raise it with "
              + "kafka-reassign-partitions", name, actual, kafka.replicationFactor());
          }
        });
      }
    }
  }
}
