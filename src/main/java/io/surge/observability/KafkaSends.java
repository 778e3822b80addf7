package io.surge.observability;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/**
 * Send-to-ack time of one Kafka producer ({@code surge_kafka_send_seconds{client,outcome}}): the Vert.x Kafka client
 * reports no client metrics of its own, and this is the latency a 202 or an outbox row waits for.
 */
public final class KafkaSends {

  private final Timer acked;
  private final Timer failed;

  private KafkaSends(String client) {
    acked = timer(client, "ok");
    failed = timer(client, "error");
  }

  /** {@code client}: a fixed name per producer in the code ("outbox", "flash_intake"). */
  public static KafkaSends of(String client) {
    return new KafkaSends(client);
  }

  /** Times this send until Kafka answers. */
  public <T> Future<T> timed(Future<T> send, long startedNanos) {
    return send.onComplete(ar -> (ar.succeeded() ? acked : failed)
      .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS));
  }

  /** Records one send's answer, from any thread (a producer's own callback). */
  public void record(boolean ok, long startedNanos) {
    (ok ? acked : failed).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  private static Timer timer(String client, String outcome) {
    return Timer.builder("surge.kafka.send").description("Kafka producer sends, until acknowledged or failed")
      .tag("client", client).tag("outcome", outcome).register(Meters.registry());
  }
}
