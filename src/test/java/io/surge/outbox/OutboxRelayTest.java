package io.surge.outbox;

import io.micrometer.core.instrument.Counter;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.surge.support.Wait;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay against the real embedded Kafka. Each test writes outbox rows straight into the table (as a
 * domain's transaction would) on a topic of its own, since Kafka topics are not reset between tests.
 */
@ExtendWith(SurgeServerExtension.class)
class OutboxRelayTest {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String INSERT = """
    INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, type, version, data)
    VALUES ($1, $2, 'order', $3, $4, $5, $6)""";

  private final String topic = "test.outbox." + UUID.randomUUID();
  private final List<Event> written = new ArrayList<>();

  private record Event(UUID id, UUID aggregateId, String type, int version, JsonObject data) {
  }

  @Test
  @DisplayName("pending outbox rows reach Kafka once each, keyed by aggregate id, in version order per aggregate, as envelopes, and are marked published")
  void publishesPendingRows() throws Exception {
    List<UUID> orders = newAggregates(4);
    append(orders, 1, 5);
    long start = System.nanoTime();
    Outbox.nudge(TestServer.get().vertx());
    awaitNothingPending();
    LOG.info("20 events published {} ms after the nudge", (System.nanoTime() - start) / 1_000_000);

    List<ConsumerRecord<String, String>> records = TopicReader.readAll(topic, written.size(), DEADLINE);
    assertDeliveredOnceInOrder(records);
    Map<UUID, Event> byId = new HashMap<>();
    written.forEach(e -> byId.put(e.id(), e));
    for (ConsumerRecord<String, String> record : records) {
      JsonObject envelope = new JsonObject(record.value());
      Event event = byId.get(UUID.fromString(envelope.getString("id")));
      assertEquals(event.aggregateId().toString(), record.key());
      assertEquals(event.aggregateId().toString(), envelope.getString("aggregate_id"));
      assertEquals(event.type(), envelope.getString("type"));
      assertEquals(event.type(), new String(record.headers().lastHeader(Envelope.TYPE_HEADER).value(),
        java.nio.charset.StandardCharsets.UTF_8), "the type on the record too, for consumers that skip other types");
      assertEquals(event.version(), envelope.getInteger("version"));
      assertEquals(event.data(), envelope.getJsonObject("data"));
      assertNotNull(Instant.parse(envelope.getString("occurred_at")));
      assertEquals(6, envelope.size(), envelope::encode);
    }
    String metrics = HttpClient.newHttpClient()
      .send(HttpRequest.newBuilder(URI.create(TestServer.managementUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
      .body();
    assertTrue(metrics.contains("surge_outbox_published_total"), "published counter on /metrics");
  }

  @Test
  @DisplayName("while Kafka is down events stay pending; when it returns every event arrives exactly once and in order per order")
  void ridesOutKafkaOutage() throws Exception {
    List<UUID> before = newAggregates(1);
    append(before, 1, 1);
    awaitNothingPending(); // the topic exists and the producer knows it before the broker goes away

    List<UUID> orders = newAggregates(3);
    TestServer.stopKafka();
    long restarted;
    try {
      append(orders, 1, 3);
      append(orders, 4, 3);
      Wait.throughout("18 rows to stay pending while Kafka is down", Duration.ofSeconds(3), this::pending,
        left -> left == 18);
    } finally {
      TestServer.startKafka();
      restarted = System.nanoTime();
    }
    awaitNothingPending();
    LOG.info("18 events published {} ms after Kafka was back", (System.nanoTime() - restarted) / 1_000_000);

    assertDeliveredOnceInOrder(TopicReader.readAll(topic, written.size(), DEADLINE));
  }

  @Test
  @DisplayName("when sends fail while Kafka is down, the relay retries from the oldest pending row and every event still arrives once, in order")
  void retriesFailedSends() throws Exception {
    List<UUID> orders = newAggregates(3);
    double failedBefore = failedBatches();
    TestServer.stopKafka();
    long restarted;
    try {
      // A topic the producer has never seen: its sends fail after max.block.ms (10 s) instead of waiting.
      append(orders, 1, 4);
      Wait.until("a batch to fail while Kafka is down", Duration.ofSeconds(30), Duration.ofMillis(200),
        OutboxRelayTest::failedBatches, failed -> failed > failedBefore);
      assertEquals(12, pending(), "failed rows stay pending");
    } finally {
      TestServer.startKafka();
      restarted = System.nanoTime();
    }
    awaitNothingPending();
    LOG.info("12 events published {} ms after Kafka was back", (System.nanoTime() - restarted) / 1_000_000);

    assertDeliveredOnceInOrder(TopicReader.readAll(topic, written.size(), DEADLINE));
  }

  @Test
  @DisplayName("with two relays only one holds the lock, no row is published twice, and the other takes over when the holder's session dies")
  void twoRelaysPublishOnce() {
    Vertx second = Vertx.vertx();
    try {
      Wait.forResult(
        second.deployVerticle(OutboxRelay::new, new DeploymentOptions().setConfig(TestServer.config().copy())));
      List<UUID> orders = newAggregates(10);
      append(orders, 1, 20);
      awaitNothingPending();
      assertEquals(1, lockHolders(), "exactly one relay holds the lock");

      long killed = TestServer.count("SELECT count(pg_terminate_backend(pid)) FROM pg_locks " + lockedBy());
      assertEquals(1, killed);
      append(orders, 21, 5);
      long start = System.nanoTime();
      awaitNothingPending();
      LOG.info("relay lock handed over and 50 events published in {} ms", (System.nanoTime() - start) / 1_000_000);
      assertEquals(1, lockHolders(), "again exactly one relay holds the lock");

      assertDeliveredOnceInOrder(TopicReader.readAll(topic, written.size(), DEADLINE));
    } finally {
      Wait.forResult(second.close());
      awaitLockHeld(); // the server's own relay takes over again, so later tests do not wait for it
    }
  }

  private static double failedBatches() {
    Counter counter = BackendRegistries.getDefaultNow().find("surge.outbox.failed.batches").counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<UUID> newAggregates(int count) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID());
    }
    return ids;
  }

  /** Versions {@code from .. from+count-1} for each aggregate, interleaved across aggregates as busy orders would be. */
  private void append(List<UUID> aggregates, int from, int count) {
    List<Tuple> rows = new ArrayList<>();
    for (int version = from; version < from + count; version++) {
      for (UUID aggregate : aggregates) {
        Event event = new Event(UUID.randomUUID(), aggregate, version == 1 ? "order.created" : "order.paid", version,
          new JsonObject().put("order_id", aggregate.toString()).put("n", version));
        written.add(event);
        rows.add(Tuple.of(event.id(), topic, aggregate, event.type(), version, event.data()));
      }
    }
    Wait.forResult(TestServer.db().preparedQuery(INSERT).executeBatch(rows));
  }

  private long pending() {
    return Wait
      .forResult(TestServer.db().preparedQuery("SELECT count(*) FROM outbox WHERE topic = $1 AND published_at IS NULL")
        .execute(Tuple.of(topic)))
      .iterator().next().getLong(0);
  }

  private void awaitNothingPending() {
    Wait.until("no outbox rows pending", DEADLINE, Duration.ofMillis(50), this::pending, left -> left == 0);
  }

  /** Best effort, from a finally block: a relay slow to take the lock back must not hide the test's own failure. */
  private static void awaitLockHeld() {
    try {
      Wait.until("one relay to hold the lock", DEADLINE, OutboxRelayTest::lockHolders, holders -> holders == 1);
    } catch (ConditionTimeoutException e) {
      LOG.warn("No relay holds the outbox lock after {}; later tests will wait for it", DEADLINE);
    }
  }

  private static long lockHolders() {
    return TestServer.count("SELECT count(*) FROM pg_locks " + lockedBy());
  }

  private static String lockedBy() {
    long key = RelayLease.LOCK_KEY;
    return "WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid::bigint = " + (key >>> 32)
      + " AND objid::bigint = " + (key & 0xffffffffL);
  }

  /** Each written event exactly once (by id), keyed by its aggregate, and each aggregate's versions in order. */
  private void assertDeliveredOnceInOrder(List<ConsumerRecord<String, String>> records) {
    Map<String, Integer> copies = new HashMap<>();
    Map<String, List<Integer>> versions = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      JsonObject envelope = new JsonObject(record.value());
      copies.merge(envelope.getString("id"), 1, Integer::sum);
      assertEquals(envelope.getString("aggregate_id"), record.key(), "keyed by aggregate id");
      versions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(envelope.getInteger("version"));
    }
    assertEquals(written.size(), records.size(), "one record per event");
    for (Event event : written) {
      assertEquals(1, copies.getOrDefault(event.id().toString(), 0), "copies of " + event.id());
    }
    Map<String, List<Integer>> expected = new LinkedHashMap<>();
    written.forEach(e -> expected.computeIfAbsent(e.aggregateId().toString(), k -> new ArrayList<>()).add(e.version()));
    assertEquals(expected.keySet(), versions.keySet());
    for (Map.Entry<String, List<Integer>> entry : expected.entrySet()) {
      assertEquals(entry.getValue(), versions.get(entry.getKey()), "versions of " + entry.getKey() + " in order");
    }
    assertTrue(records.size() > 0);
  }
}
