package io.surge.recommendations;

import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/** Redelivers an order event as Kafka would after a lost offset commit: the same record, published again. */
final class OrderTopic {

  private static final String TOPIC = "surge.orders";

  private OrderTopic() {
  }

  /** Where the copy landed; {@link #consumed()} once the recommendations' consumer group committed past it. */
  record Redelivered(TopicPartition partition, long offset) {

    boolean consumed() throws Exception {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(OrderEventConsumer.GROUP)
          .partitionsToOffsetAndMetadata().get().get(partition);
        return committed != null && committed.offset() > offset;
      }
    }
  }

  static Redelivered redeliver(String orderId, String type) throws Exception {
    ConsumerRecord<String, String> original = TopicReader.readAll(TOPIC, 1, Duration.ofSeconds(10)).stream()
      .filter(r -> orderId.equals(r.key()) && type.equals(new JsonObject(r.value()).getString("type")))
      .findFirst().orElseThrow(() -> new AssertionError("no " + type + " event for order " + orderId));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers()),
      new StringSerializer(), new StringSerializer())) {
      RecordMetadata sent = producer.send(new ProducerRecord<>(TOPIC, original.partition(), original.key(),
        original.value())).get();
      return new Redelivered(new TopicPartition(TOPIC, sent.partition()), sent.offset());
    }
  }

  private static String servers() {
    return TestServer.config().getJsonObject("kafka").getString("bootstrapServers");
  }
}
