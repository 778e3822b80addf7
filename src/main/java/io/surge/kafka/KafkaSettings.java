package io.surge.kafka;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Where Kafka is and how Surge's topics are replicated, from the {@code kafka} block. {@code bootstrapServers} is
 * a comma list of {@code host:port} (any live broker of the cluster answers). {@code replicationFactor} and
 * {@code minInsyncReplicas} are what Surge creates its topics with when they do not exist yet; 0 leaves both to
 * the broker's defaults (and topic creation to the broker's auto-create), which is what a single dev broker wants.
 */
public record KafkaSettings(String bootstrapServers, int replicationFactor, int minInsyncReplicas) {

  public static KafkaSettings from(JsonObject config) {
    ConfigBlock kafka = ConfigBlock.of(config, "kafka");
    KafkaSettings settings = new KafkaSettings(kafka.text("bootstrapServers"), kafka.integer("replicationFactor"),
      kafka.integer("minInsyncReplicas"));
    if (settings.replicationFactor < 0 || settings.replicationFactor > Short.MAX_VALUE) {
      throw new IllegalStateException("kafka.replicationFactor must be 0 (the broker's default) or more");
    }
    if (settings.minInsyncReplicas < 0
      || settings.replicationFactor > 0 && settings.minInsyncReplicas > settings.replicationFactor) {
      throw new IllegalStateException(
        "kafka.minInsyncReplicas must be 0 (the broker's default) or at most kafka.replicationFactor");
    }
    return settings;
  }

  /** True when Surge creates its topics itself (a replicated cluster), rather than leaving them to the broker. */
  public boolean createsTopics() {
    return replicationFactor > 0 || minInsyncReplicas > 0;
  }
}
