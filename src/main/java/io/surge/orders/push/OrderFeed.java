package io.surge.orders.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.surge.orders.OrderSettings;
import io.surge.orders.OrdersBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the order events on Kafka (what the outbox published, so only committed orders) and hands
 * each to the buyer's open event streams in this process, wherever the order was written: a purchase
 * accepted by another instance still reaches the buyer here. Each process reads every partition on
 * its own (a group of its own, nothing committed), from the time it started, so an order written while
 * the topic was still being created is not skipped. Each event also tells this process's caches that the
 * customer's orders changed ({@link OrdersBus#CUSTOMER_ORDERS_CHANGED}).
 */
public final class OrderFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OrderFeed.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final JsonFactory JSON = new JsonFactory();

  private KafkaConsumer<String, String> consumer;
  private final long startedAt = System.currentTimeMillis();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    String topic = OrderSettings.from(config).topic();
    consumer = KafkaConsumer.create(vertx, Map.of(
      "bootstrap.servers", config.getJsonObject("kafka").getString("bootstrapServers"),
      "group.id", "surge-push-" + UUID.randomUUID(),
      "enable.auto.commit", "false",
      "auto.offset.reset", "latest",
      "isolation.level", "read_committed",
      // A topic created after start-up (its first event) is noticed within seconds.
      "metadata.max.age.ms", "3000",
      // One fetch per 50 ms at most while orders flow, not one per producer batch: at a sale's peak the broker
      // answered a fetch for every few orders. A push may wait 50 ms more; the buyer already has the 202.
      "fetch.min.bytes", "65536",
      "fetch.max.wait.ms", "50",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    consumer.partitionsAssignedHandler(this::fromStartTime);
    consumer.handler(this::dispatch);
    consumer.exceptionHandler(e -> LOG.warn("order feed: {}", e.getMessage()));
    // Subscribing never waits for the broker: the server starts (and serves) while Kafka is away.
    consumer.subscribe(topic).onFailure(e -> LOG.warn("order feed could not subscribe: {}", e.getMessage()));
    return Future.succeededFuture();
  }

  private void fromStartTime(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      consumer.offsetsForTimes(partition, startedAt).onSuccess(offset -> {
        if (offset == null) {
          consumer.seekToEnd(partition);
        } else {
          consumer.seek(partition, offset.getOffset());
        }
      });
    }
  }

  private void dispatch(KafkaConsumerRecord<String, String> record) {
    String userId;
    try {
      userId = buyer(record.value());
    } catch (IOException | RuntimeException e) {
      LOG.warn("order feed skipped an unreadable record at offset {}", record.offset());
      return;
    }
    if (userId != null) {
      OrdersBus.customerOrdersChanged(vertx, userId);
      if (OrderEventStream.anyoneListening()) {
        vertx.eventBus().publish(OrdersBus.customerEvents(userId), record.value(), LOCAL);
      }
    }
  }

  /**
   * The buyer ({@code data.user_id}) of an order event, read from the envelope's text as a stream: every order event of
   * a sale's peak passes here, and building its whole tree only to read one field was a parse per order (the rest is
   * skipped unread, and the text itself is what the buyer's streams are sent). Null when the event names no buyer.
   */
  static String buyer(String envelope) throws IOException {
    try (JsonParser parser = JSON.createParser(envelope)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean data = "data".equals(parser.currentName());
        if (parser.nextToken() == JsonToken.START_OBJECT && data) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean user = "user_id".equals(parser.currentName());
            if (parser.nextToken() == JsonToken.VALUE_STRING && user) {
              return parser.getText();
            }
            parser.skipChildren();
          }
          return null;
        }
        parser.skipChildren();
      }
      return null;
    }
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }
}
