package io.surge.flashsale;

import io.surge.observability.KafkaSends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.util.Map;

/**
 * The Kafka intake's durable step ({@code flashSales.intake = kafka}): an accepted reservation is
 * durable once the broker acknowledged it to all in-sync replicas (idempotent producer, acks=all).
 * A send that fails or times out within a few seconds fails the purchase (the unit goes back, 503).
 */
final class IntakeProducer {

  private final KafkaSends kafkaSends = KafkaSends.of("flash_intake");

  private final KafkaProducer<String, String> producer;
  private final String topic;

  IntakeProducer(Vertx vertx, String bootstrapServers, String topic) {
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

  /** Keyed by sale: one sale's reservations stay in order on one partition. */
  Future<Void> send(PurchaseWriter.Reservation reservation) {
    return kafkaSends.timed(producer
      .send(KafkaProducerRecord.create(topic, reservation.sale().id().toString(), IntakeRecord.encode(reservation))),
      System.nanoTime()).mapEmpty();
  }
}
