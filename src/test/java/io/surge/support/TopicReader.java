package io.surge.support;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a Kafka topic from the beginning on the test thread (no consumer group, nothing committed). */
public final class TopicReader {

  private TopicReader() {
  }

  /**
   * Every record on {@code topic}: polls until at least {@code expected} arrived (or {@code timeout} passed),
   * then until a poll brings nothing more, so that duplicates beyond the expected count are seen too.
   */
  public static List<ConsumerRecord<String, String>> readAll(String topic, int expected, Duration timeout) {
    Map<String, Object> config = Map.of(
      "bootstrap.servers", TestServer.config().getJsonObject("kafka").getString("bootstrapServers"),
      "enable.auto.commit", "false",
      "allow.auto.create.topics", "false",
      "isolation.level", "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
      new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      int before;
      do {
        before = records.size();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      } while (records.size() > before && System.nanoTime() < deadline);
    }
    return records;
  }
}
