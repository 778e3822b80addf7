package io.surge.orders;

import io.surge.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads the surge.orders topic from the beginning, as an outside consumer would, keeping one order's events. */
final class OrderEvents {

  private OrderEvents() {
  }

  /**
   * Waits (bounded) until {@code expected} events of these orders arrived, then keeps reading one more
   * second so that a duplicate would show up too.
   */
  static List<JsonObject> read(Set<String> orderIds, int expected, Duration timeout) {
    Map<String, Object> config = Map.of(
      "bootstrap.servers", TestServer.config().getJsonObject("kafka").getString("bootstrapServers"),
      "group.id", "test-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "enable.auto.commit", "false",
      "isolation.level", "read_committed");
    List<JsonObject> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
      new StringDeserializer())) {
      consumer.subscribe(List.of("surge.orders"));
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      long settleUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (orderIds.contains(record.key())) {
            events.add(new JsonObject(record.value()).put("_key", record.key()));
          }
        }
        if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.currentTimeMillis() + 1000;
        }
      }
    }
    return events;
  }
}
