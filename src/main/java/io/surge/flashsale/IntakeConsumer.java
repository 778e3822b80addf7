package io.surge.flashsale;

import io.surge.Infrastructure;
import io.surge.orders.OrderSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka intake's second half ({@code flashSales.intake = kafka}): reads accepted reservations from
 * the intake topic and writes each poll's worth as orders in one PostgreSQL transaction (the same writer
 * as the direct path), then commits the offsets. A failed write is retried with the same records, and a
 * record delivered twice is recognised by its key, so at-least-once delivery writes each purchase once.
 * Its own thread (not an event loop) owns the Kafka consumer, which is not thread-safe and blocks in poll.
 */
public final class IntakeConsumer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeConsumer.class);

  private volatile boolean running = true;
  private final Promise<Void> stopped = Promise.promise();
  private KafkaConsumer<String, String> consumer;
  private Pool pg;
  private Redis redisClient;
  private FlashGate gate;
  private PurchaseWriter writer;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    FlashSaleSettings flash = FlashSaleSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    gate = new FlashGate(redisClient, pg, flash.gateBuckets());
    writer = new PurchaseWriter(vertx, pg, OrderSettings.from(config).topic(), flash.writerBatch(),
      flash.writerLingerMillis(), 1); // it writes each poll's records at once (writeAll), never through the queue
    consumer = new KafkaConsumer<>(Map.of(
      "bootstrap.servers", config.getJsonObject("kafka").getString("bootstrapServers"),
      "group.id", "surge-flashsale-intake",
      "enable.auto.commit", "false",
      "auto.offset.reset", "earliest",
      "isolation.level", "read_committed",
      "max.poll.records", String.valueOf(flash.writerBatch())),
      new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(flash.intakeTopic()));
    return gate.loadScripts().onSuccess(v -> new Thread(this::run, "surge-flashsale-intake").start());
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          write(decode(records));
          consumer.commitSync();
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer up
    } catch (RuntimeException e) {
      LOG.error("flash-sale intake consumer stopped; uncommitted reservations are read again at the next start", e);
    } finally {
      // Bounded: the default waits up to 30 s for a coordinator (after a broker restart, a stop hung on it).
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      stopped.tryComplete();
    }
  }

  private static List<PurchaseWriter.Reservation> decode(ConsumerRecords<String, String> records) {
    List<PurchaseWriter.Reservation> batch = new ArrayList<>(records.count());
    for (ConsumerRecord<String, String> record : records) {
      try {
        batch.add(IntakeRecord.decode(record.value()));
      } catch (RuntimeException e) {
        LOG.error("unreadable intake record at {}-{}@{} skipped", record.topic(), record.partition(), record.offset());
      }
    }
    return batch;
  }

  /** Until PostgreSQL took the batch: the writer is idempotent per (sale, user, key), so retrying is safe. */
  private void write(List<PurchaseWriter.Reservation> batch) {
    for (long backoff = 100; running; backoff = Math.min(5_000, backoff * 2)) {
      try {
        List<PurchaseWriter.Written> results = writer.writeAll(batch).await(60, TimeUnit.SECONDS);
        for (int i = 0; i < batch.size(); i++) {
          refused(batch.get(i), results.get(i));
        }
        return;
      } catch (Exception e) {
        LOG.warn("intake batch of {} not written yet ({}); retrying in {} ms", batch.size(), e.getMessage(), backoff);
        try {
          Thread.sleep(backoff); // this consumer's own thread, never an event loop
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** PostgreSQL refused what the gate accepted: only after the gate lost its memory. The buyer was told 202. */
  private void refused(PurchaseWriter.Reservation r, PurchaseWriter.Written written) {
    if (written.result() == PurchaseWriter.Result.SOLD_OUT || written.result() == PurchaseWriter.Result.OVER_LIMIT) {
      LOG.error("accepted flash purchase {} refused by PostgreSQL ({}): the gate overstated the sale", r.purchaseId(),
        written.result());
      gate.release(r.sale().id(), r.userId().toString(), r.key(), r.quantity(), FlashGate.Units.DROP);
    }
  }

  @Override
  public Future<?> stop() {
    running = false;
    consumer.wakeup();
    return stopped.future().eventually(() -> {
      redisClient.close();
      return pg.close();
    });
  }
}
