package io.surge.recommendations;

import io.surge.outbox.Envelope;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Keeps bought-together up to date from the {@code order.*} events (consumer group
 * {@code surge-recommendations}). Every event of an order asks "is this order bought and not counted yet?"
 * ({@link BoughtTogether#count}), so whichever event comes first counts it and the rest, and any redelivery,
 * change nothing. Offsets are committed after the counts: a crash in between redelivers, which is harmless.
 * Runs on its own thread: the Kafka consumer blocks in poll and is not thread-safe.
 */
final class OrderEventConsumer {

  static final String GROUP = "surge-recommendations";
  private static final Logger LOG = LoggerFactory.getLogger(OrderEventConsumer.class);

  /**
   * An order becomes "bought" only by being paid: every order is born {@code pending_payment} (imports publish no
   * events, and a recount covers them). Any other event, {@code order.created} above all (one per purchase at a
   * sale's peak), cost a PostgreSQL transaction to find nothing to count.
   */
  private static final String COUNTED_ON = "order.paid";

  private final KafkaConsumer<String, String> consumer;
  private final BoughtTogether boughtTogether;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running = true;

  OrderEventConsumer(String bootstrapServers, String topic, BoughtTogether boughtTogether) {
    this.boughtTogether = boughtTogether;
    consumer = new KafkaConsumer<>(Map.of(
      "bootstrap.servers", bootstrapServers,
      "group.id", GROUP,
      "enable.auto.commit", "false",
      "auto.offset.reset", "earliest",
      "isolation.level", "read_committed",
      "max.poll.records", "200",
      // bought-together counts may lag by half a second: fetch in bigger bites, far fewer requests to the broker
      "fetch.min.bytes", "262144",
      "fetch.max.wait.ms", "500"),
      new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
  }

  void start() {
    new Thread(this::run, "surge-recommendations-orders").start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> record : records) {
          count(record);
        }
        if (!records.isEmpty() && running) { // stopping may have left an event uncounted: read it again next time
          consumer.commitSync();
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer up
    } catch (RuntimeException e) {
      LOG.error("order-event consumer stopped; uncommitted events are read again at the next start", e);
    } finally {
      // Bounded: the default waits up to 30 s for a coordinator, which a stop right after a broker restart hit.
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      stopped.tryComplete();
    }
  }

  /** Until PostgreSQL took it: counting is idempotent per order, so retrying is safe. */
  private void count(ConsumerRecord<String, String> record) {
    Header type = record.headers().lastHeader(Envelope.TYPE_HEADER);
    if (type != null && !COUNTED_ON.equals(new String(type.value(), StandardCharsets.UTF_8))) {
      return; // not a payment: no need to parse it (events relayed before the header existed are parsed below)
    }
    UUID orderId;
    try {
      JsonObject event = new JsonObject(record.value());
      if (!COUNTED_ON.equals(event.getString("type"))) {
        return;
      }
      orderId = UUID.fromString(event.getString("aggregate_id"));
    } catch (RuntimeException e) {
      LOG.warn("unreadable order event at {}-{}@{} skipped", record.topic(), record.partition(), record.offset());
      return;
    }
    for (long backoff = 100; running; backoff = Math.min(5_000, backoff * 2)) {
      try {
        boughtTogether.count(orderId).await(60, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        LOG.warn("order {} not counted yet ({}); retrying in {} ms", orderId, e.getMessage(), backoff);
        try {
          Thread.sleep(backoff); // this consumer's own thread, never an event loop
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  io.vertx.core.Future<Void> stop() {
    running = false;
    consumer.wakeup();
    return stopped.future();
  }
}
