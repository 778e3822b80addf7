package io.surge.flashsale;

import io.surge.observability.KafkaSends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka intake's durable step ({@code flashSales.intake = kafka}): an accepted reservation is
 * durable once the broker acknowledged it to all in-sync replicas (idempotent producer, acks=all).
 *
 * <p>A send that fails within a few seconds is <em>in doubt</em>, not lost: a leader that died after writing the
 * record to its followers fails the send although the record is on the topic (seen with 3 brokers: the unit put
 * back on sale was sold a second time and PostgreSQL refused that 202). So the unit stays reserved, the buyer is told
 * 503 "not confirmed yet", and this producer sends the same record again until Kafka acknowledges it; the consumer
 * writes a purchase once however many copies arrive (its ids are named by sale, buyer and key). While any send is in
 * doubt, {@link #confirming()} is false and new purchases are turned away before they take a unit.
 */
final class IntakeProducer {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeProducer.class);
  private static final long FIRST_RETRY_MILLIS = 200;
  private static final long LAST_RETRY_MILLIS = 5_000;

  private final KafkaSends kafkaSends = KafkaSends.of("flash_intake");
  private final AtomicInteger inDoubt = new AtomicInteger();

  private final Vertx vertx;
  private final KafkaProducer<String, String> producer;
  private final String topic;

  IntakeProducer(Vertx vertx, String bootstrapServers, String topic) {
    this.vertx = vertx;
    this.topic = topic;
    this.producer = KafkaProducer.create(vertx, Map.of(
      "bootstrap.servers", bootstrapServers,
      "client.id", "surge-flashsale-intake",
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "enable.idempotence", "true",
      "acks", "all",
      "linger.ms", "1",
      // A buyer waits for the answer: fail within seconds rather than ride out a long outage.
      "request.timeout.ms", "3000",
      "delivery.timeout.ms", "5000",
      "max.block.ms", "3000"));
  }

  /** True while no send of this instance is in doubt: Kafka is confirming purchases. */
  boolean confirming() {
    return inDoubt.get() == 0;
  }

  /**
   * Sends the reservation; a failed future means "in doubt", and the same record is then sent again in the
   * background until acknowledged (the caller keeps the unit reserved).
   */
  Future<Void> send(PurchaseWriter.Reservation reservation) {
    return sendOnce(reservation).onFailure(e -> {
      inDoubt.incrementAndGet();
      LOG.warn("flash purchase {} not confirmed by Kafka ({}); sending it again until it is", reservation.purchaseId(),
        e.getMessage());
      resendLater(reservation, FIRST_RETRY_MILLIS);
    });
  }

  /** One more copy of a reservation the buyer asks about again (a replay before PostgreSQL has its purchase). */
  Future<Void> sendAgain(PurchaseWriter.Reservation reservation) {
    return sendOnce(reservation);
  }

  private void resendLater(PurchaseWriter.Reservation reservation, long delayMillis) {
    vertx.setTimer(delayMillis, id -> sendOnce(reservation).onComplete(ar -> {
      if (ar.succeeded()) {
        inDoubt.decrementAndGet();
        LOG.info("flash purchase {} confirmed by Kafka after a retry", reservation.purchaseId());
      } else {
        resendLater(reservation, Math.min(LAST_RETRY_MILLIS, delayMillis * 2));
      }
    }));
  }

  /** Keyed by sale: one sale's reservations stay in order on one partition. */
  private Future<Void> sendOnce(PurchaseWriter.Reservation reservation) {
    return kafkaSends.timed(producer
      .send(KafkaProducerRecord.create(topic, reservation.sale().id().toString(), IntakeRecord.encode(reservation))),
      System.nanoTime()).mapEmpty();
  }
}
