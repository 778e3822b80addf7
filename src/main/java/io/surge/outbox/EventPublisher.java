package io.surge.outbox;

import io.surge.observability.KafkaSends;
import io.surge.observability.TraceParent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Row;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends outbox rows to Kafka, keyed by aggregate id so that one aggregate's events share a partition. The
 * producer is idempotent with {@code acks=all} and at most 5 requests in flight, so within a partition Kafka
 * keeps the send order and drops the producer's own retries.
 */
final class EventPublisher {

  private final KafkaSends kafkaSends = KafkaSends.of("outbox");

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  /** What one batch came to: the rows Kafka acknowledged, and the first failure if any row was not. */
  record Acks(List<Long> seqs, Throwable failure) {
  }

  private final Vertx vertx;
  private final Map<String, String> config;
  private KafkaProducer<String, String> producer;

  EventPublisher(Vertx vertx, String bootstrapServers, OutboxSettings outbox) {
    this.vertx = vertx;
    this.config = Map.of(
      "bootstrap.servers", bootstrapServers,
      "client.id", "surge-outbox-relay",
      "enable.idempotence", "true",
      "acks", "all",
      "max.in.flight.requests.per.connection", "5",
      "retries", String.valueOf(Integer.MAX_VALUE),
      // A broker outage shorter than this is ridden out by the producer's own retries, in order.
      "delivery.timeout.ms", String.valueOf(outbox.deliveryTimeoutMillis()),
      // send() blocks (on the producer's worker thread) only for metadata of a topic it has not seen yet.
      "max.block.ms", "10000",
      "linger.ms", "5");
  }

  /** Sends the rows in order; completes once every send has an answer. Never fails: see {@link Acks}. */
  Future<Acks> publish(List<Row> rows) {
    return ((VertxInternal) vertx).tracer() == null ? publishBatch(rows) : publishTraced(rows);
  }

  /**
   * Without a tracer: the whole batch handed to Kafka's own producer in one worker task, and one hop back when the
   * last answer came. The Vert.x client costs a worker task and two event-loop hops per record, which at a sale's
   * peak was a visible share of the server's CPU for every order.
   */
  private Future<Acks> publishBatch(List<Row> rows) {
    KafkaProducer<String, String> current = producer();
    Producer<String, String> kafka = current.unwrap();
    ContextInternal context = ((VertxInternal) vertx).getOrCreateContext();
    Promise<Acks> answered = context.promise();
    AtomicBoolean failedOnce = new AtomicBoolean();
    Throwable[] failures = new Throwable[rows.size()];
    AtomicInteger waiting = new AtomicInteger(rows.size());
    long started = System.nanoTime();
    List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"),
        row.getUUID("aggregate_id").toString(), Envelope.encode(row));
      record.headers().add(Envelope.TYPE_HEADER, row.getString("type").getBytes(StandardCharsets.UTF_8));
      String traceParent = row.getString("trace_parent");
      if (traceParent != null) {
        record.headers().add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
      }
      records.add(record);
    }
    vertx.executeBlocking(() -> {
      for (int i = 0; i < records.size(); i++) {
        int index = i;
        Callback answer = (metadata, error) -> {
          kafkaSends.record(error == null, started);
          failures[index] = error;
          if (error != null && failedOnce.compareAndSet(false, true)) {
            context.runOnContext(v -> abort(current)); // what the producer still holds must not go ahead of it
          }
          if (waiting.decrementAndGet() == 0) {
            answered.complete(acks(rows, failures));
          }
        };
        try {
          kafka.send(records.get(i), answer);
        } catch (RuntimeException refused) {
          answer.onCompletion(null, refused);
        }
      }
      return null;
    });
    return answered.future();
  }

  private static Acks acks(List<Row> rows, Throwable[] failures) {
    List<Long> acked = new ArrayList<>(rows.size());
    Throwable failure = null;
    for (int i = 0; i < rows.size(); i++) {
      if (failures[i] == null) {
        acked.add(rows.get(i).getLong("seq"));
      } else if (failure == null) {
        failure = failures[i];
      }
    }
    return new Acks(acked, failure);
  }

  /** With a tracer: through the Vert.x client, which records a producer span per record. */
  private Future<Acks> publishTraced(List<Row> rows) {
    KafkaProducer<String, String> current = producer();
    List<Future<?>> sends = new ArrayList<>(rows.size());
    long started = System.nanoTime();
    for (Row row : rows) {
      KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(row.getString("topic"),
        row.getUUID("aggregate_id").toString(), Envelope.encode(row));
      record.addHeader(Envelope.TYPE_HEADER, row.getString("type"));
      sends.add(kafkaSends.timed(send(current, record, row.getString("trace_parent")), started)
        .onFailure(e -> abort(current)));
    }
    return Future.join(sends).transform(done -> {
      Throwable[] failures = new Throwable[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        failures[i] = sends.get(i).cause();
      }
      return Future.succeededFuture(acks(rows, failures));
    });
  }

  /**
   * Sends within the trace of the request that wrote the event, if it was traced: with a tracer on this process
   * Vert.x's Kafka client records a producer span under it and puts the new span's {@code traceparent} on the
   * record; without one the stored {@code traceparent} goes on the record as it is, so consumers still join the
   * request's trace whichever process relays.
   */
  private Future<?> send(KafkaProducer<String, String> producer, KafkaProducerRecord<String, String> record,
    String traceParent) {
    if (traceParent != null && ((VertxInternal) vertx).tracer() == null) {
      record.addHeader(TraceParent.HEADER, traceParent);
    }
    return TraceParent.within(vertx, traceParent, () -> producer.send(record));
  }

  /**
   * After a failed send, later records of the same aggregate must not reach Kafka ahead of the retry. Closing
   * the producer at once aborts what it still holds and makes queued sends fail fast (instead of each waiting
   * out {@code max.block.ms}); the next batch gets a fresh producer and starts again from the oldest pending row.
   */
  private void abort(KafkaProducer<String, String> failed) {
    if (failed != producer) {
      return;
    }
    producer = null;
    LOG.warn("Kafka send failed; dropping the producer and retrying from the oldest pending event");
    vertx.executeBlocking(() -> {
      failed.unwrap().close(Duration.ZERO);
      return null;
    }, false);
  }

  private KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = KafkaProducer.create(vertx, config, String.class, String.class);
    }
    return producer;
  }

  Future<Void> close() {
    KafkaProducer<String, String> current = producer;
    producer = null;
    return current == null ? Future.succeededFuture() : current.close(2_000);
  }
}
