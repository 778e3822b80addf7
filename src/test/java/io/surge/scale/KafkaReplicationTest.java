package io.surge.scale;

import io.surge.Infrastructure;
import io.surge.SurgeServer;
import io.surge.dev.DemoData;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.KafkaCluster;
import io.surge.support.ShopFixture;
import io.surge.support.Shoppers;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Surge on a replicated Kafka: 3 KRaft nodes, each a process of its own ({@link KafkaCluster}), topics created by
 * Surge with {@code kafka.replicationFactor = 3} and {@code kafka.minInsyncReplicas = 2}. The shop under test is a
 * second Surge server in this JVM with a database of its own on the test server's PostgreSQL (so its outbox relay
 * and consumers are the only ones on this cluster) and the flash sale's Kafka intake. A broker is killed with
 * SIGKILL while checkouts and a stampede are running; nothing acknowledged may be lost or doubled.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class KafkaReplicationTest {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaReplicationTest.class);
  private static final String DATABASE = "surge_replicated";
  private static final String ORDERS = "surge.orders";
  private static final String INTAKE = "surge.flashsale.intake";
  private static final int CHECKOUTS_PER_WAVE = 60;
  private static final int UNITS = 120;
  private static final int BUYERS_BEFORE = 60;
  private static final int BUYERS_AFTER = 540;

  @Test
  @DisplayName("3 brokers (RF 3, min ISR 2), the intake partition's leader killed during checkouts and a Kafka-intake "
    + "stampede: every outbox event on the topic (each id once after dedupe), exactly the quantity sold, every 202 "
    + "an intake record and an order")
  void brokerKilledDuringCheckoutsAndStampede(Vertx vertx) throws Exception {
    long started = System.nanoTime();
    try (KafkaCluster kafka = KafkaCluster.start(Path.of("target", "kafka-cluster"), 3)) {
      LOG.info("3-node Kafka cluster up in {} ms", (System.nanoTime() - started) / 1_000_000);
      Wait.forResult(TestServer.db().query("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)").execute());
      Wait.forResult(TestServer.db().query("CREATE DATABASE " + DATABASE).execute());
      JsonObject config = shopConfig(kafka);
      Vertx shopVertx = Vertx.vertx();
      Pool db = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
      try {
        // a fresh database is migrated first: longer than Wait.forResult's 30 s on a loaded machine
        SurgeServer.start(shopVertx, config).await(180, TimeUnit.SECONDS);
        Wait.forResult(DemoData.seedAccounts(vertx, config));
        assertReplicated(kafka, ORDERS);
        assertReplicated(kafka, INTAKE);
        run(vertx, kafka, config, db);
      } finally {
        Wait.forResult(shopVertx.close());
        Wait.forResult(db.close());
      }
    }
    LOG.info("KafkaReplicationTest took {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  private static void run(Vertx vertx, KafkaCluster kafka, JsonObject config, Pool db) {
    int port = config.getJsonObject("http").getInteger("port");
    Api api = new Api(vertx, port);
    ShopFixture shop = new ShopFixture(api, vertx);
    String skuId = shop.sku("KR-CART", 1500, 10_000);
    List<String> shoppers = Shoppers.mint(vertx, db, 2 * CHECKOUTS_PER_WAVE);
    shoppers.forEach(token -> shop.addToCart(token, skuId, 1));
    SaleCrowd crowd = new SaleCrowd(api, vertx);
    String saleId = crowd.liveSale("KR-SALE", UNITS);
    List<String> buyers = Shoppers.mint(vertx, db, BUYERS_BEFORE + BUYERS_AFTER);

    // The broker leading the sale's intake partition (its records are keyed by sale) is the one to kill; with 3
    // partitions spread over 3 brokers it also leads one of the order topic's partitions.
    int partitions = kafka.describe(INTAKE).partitions().size();
    int intakePartition = Utils.toPositive(Utils.murmur2(saleId.getBytes(StandardCharsets.UTF_8))) % partitions;
    int victim = kafka.leaderOf(INTAKE, intakePartition);
    assertTrue(victim > 0, "the intake partition has a leader");
    assertTrue(kafka.describe(ORDERS).partitions().stream()
      .anyMatch(p -> p.leader() != null && p.leader().id() == victim),
      "the broker to kill leads a partition of " + ORDERS + " too");

    AtomicInteger placed = new AtomicInteger();
    AtomicInteger sold = new AtomicInteger();
    Promise<Void> running = Promise.promise();
    Runnable check = () -> {
      if (placed.get() >= 20 && sold.get() >= 15) {
        running.tryComplete();
      }
    };
    List<Future<Reply>> checkouts = new ArrayList<>();
    List<Future<Reply>> purchases = new ArrayList<>();
    for (int i = 0; i < CHECKOUTS_PER_WAVE; i++) {
      checkouts.add(checkout(api, shoppers.get(i)).onSuccess(r -> {
        if (r.status() == 201) {
          placed.incrementAndGet();
          check.run();
        }
      }));
    }
    for (int i = 0; i < BUYERS_BEFORE; i++) {
      purchases.add(crowd.buyUntilAnswered(buyers.get(i), saleId, "key-" + i).onSuccess(r -> {
        if (r.status() == 202) {
          sold.incrementAndGet();
          check.run();
        }
      }));
    }
    Wait.forResult(running.future());
    long killedAt = System.nanoTime();
    kafka.kill(victim);
    LOG.info("killed Kafka node {} (leader of {}-{}) with {} checkouts placed and {} units sold", victim, INTAKE,
      intakePartition, placed.get(), sold.get());
    for (int i = CHECKOUTS_PER_WAVE; i < 2 * CHECKOUTS_PER_WAVE; i++) {
      checkouts.add(checkout(api, shoppers.get(i)));
    }
    for (int i = BUYERS_BEFORE; i < BUYERS_BEFORE + BUYERS_AFTER; i++) {
      purchases.add(crowd.buyUntilAnswered(buyers.get(i), saleId, "key-" + i));
    }
    Future<?> all = Future.join(Future.join(checkouts), Future.join(purchases));
    Wait.until("every checkout and every buyer answered", Duration.ofSeconds(120), Duration.ofMillis(200),
      all::isComplete, done -> done);
    LOG.info("all answered {} ms after the kill; statuses seen by buyers {}, connection errors {}",
      (System.nanoTime() - killedAt) / 1_000_000, crowd.statuses(), crowd.connectionErrors());

    // checkouts: every one placed, and every outbox event (theirs and the sale's orders') reaches the topic
    assertTrue(checkouts.stream().allMatch(f -> f.succeeded() && f.result().status() == 201),
      () -> "every checkout answered 201: " + checkouts.stream().map(f -> f.succeeded() ? f.result().status() : -1)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    Set<String> orderIds = checkouts.stream().map(f -> f.result().json().getString("id")).collect(Collectors.toSet());
    assertEquals(2 * CHECKOUTS_PER_WAVE, orderIds.size());

    // the stampede: only 202 or 410 in the end, 503 (documented: the intake send failed, try again) on the way
    assertTrue(purchases.stream().allMatch(f -> f.succeeded() && Set.of(202, 410).contains(f.result().status())),
      "every buyer got a final 202 or 410");
    assertTrue(crowd.statuses().keySet().stream().allMatch(s -> s < 500 || s == 503),
      () -> "no 5xx but the documented 503: " + crowd.statuses());
    Set<String> accepted = purchases.stream().map(Future::result).filter(r -> r.status() == 202)
      .map(r -> r.json().getString("purchase_id")).collect(Collectors.toSet());
    assertEquals(UNITS, accepted.size(), "exactly the quantity sold");

    // outbox: every event relayed (marked published), and each on the topic; a consumer deduping by id sees each once
    Wait.until("the relay to publish every outbox event", Duration.ofSeconds(60),
      () -> Wait.forResult(db.query("SELECT count(*) FROM outbox WHERE published_at IS NULL").execute()).iterator()
        .next().getLong(0),
      pending -> pending == 0);
    Set<String> eventIds = new HashSet<>();
    Map<String, Set<String>> eventsOfOrder = new HashMap<>();
    for (Row row : Wait.forResult(db.preparedQuery("SELECT id, aggregate_id FROM outbox WHERE topic = $1")
      .execute(Tuple.of(ORDERS)))) {
      eventIds.add(row.getUUID("id").toString());
      eventsOfOrder.computeIfAbsent(row.getUUID("aggregate_id").toString(), k -> new HashSet<>())
        .add(row.getUUID("id").toString());
    }
    assertTrue(eventsOfOrder.keySet().containsAll(orderIds), "every checkout wrote its event");
    Map<String, Integer> onTopic = countOnTopic(kafka, ORDERS, "id", eventIds);
    assertEquals(Set.of(), difference(eventIds, onTopic.keySet()), "every outbox event is on " + ORDERS);
    long copies = onTopic.values().stream().mapToLong(Integer::intValue).sum();
    LOG.info("{} outbox events ({} orders), {} records on {} ({} duplicate copies, dropped by id); {} intake records "
      + "for {} accepted purchases", eventIds.size(), eventsOfOrder.size(), copies, ORDERS, copies - eventIds.size(),
      countOnTopic(kafka, INTAKE, "purchase_id", accepted).values().stream().mapToLong(Integer::intValue).sum(),
      accepted.size());

    Map<String, Integer> intakeRecords = countOnTopic(kafka, INTAKE, "purchase_id", accepted);
    assertEquals(Set.of(), difference(accepted, intakeRecords.keySet()),
      "every 202 has its intake record on the replicated topic");
    Wait.until("the intake consumer to write every accepted purchase", Duration.ofSeconds(60),
      () -> orderedPurchases(db, saleId), ordered -> ordered.size() >= UNITS);
    Set<String> ordered = orderedPurchases(db, saleId);
    assertEquals(Set.of(), difference(accepted, ordered), "every purchase answered 202 is an order");
    assertEquals(Set.of(), difference(ordered, accepted), "every order is a purchase answered 202");
    assertEquals(UNITS, Wait.forResult(db.query("SELECT sold FROM flash_sales").execute()).iterator().next()
      .getInteger(0));

    // the killed broker comes back and catches up: every partition of both topics fully in sync again
    kafka.restart(victim);
    Wait.until("node " + victim + " back in every ISR", Duration.ofSeconds(60), Duration.ofMillis(500),
      () -> inSync(kafka, ORDERS) && inSync(kafka, INTAKE), ok -> ok);
  }

  private static Future<Reply> checkout(Api api, String token) {
    return api.call(HttpMethod.POST, "/api/v1/orders").bearer(token)
      .header("Idempotency-Key", UUID.randomUUID().toString())
      .sendAsync(Buffer.buffer(new JsonObject().put("shipping_address", ShopFixture.ADDRESS).encode()),
        "application/json");
  }

  /** The second shop: its own database, Redis database 1, the 3-node cluster, the Kafka intake. */
  private static JsonObject shopConfig(KafkaCluster kafka) throws IOException {
    JsonObject config = TestServer.secondServerConfig();
    try (ServerSocket socket = new ServerSocket(0)) {
      config.getJsonObject("http").put("port", socket.getLocalPort()).put("instances", 1);
    }
    config.getJsonObject("postgres").put("database", DATABASE).put("poolSize", 8);
    JsonObject redis = config.getJsonObject("redis");
    redis.put("uri", redis.getString("uri").replaceAll("/\\d*$", "") + "/1");
    config.getJsonObject("kafka").put("bootstrapServers", kafka.bootstrapServers()).put("replicationFactor", 3)
      .put("minInsyncReplicas", 2);
    config.getJsonObject("flashSales").put("intake", "kafka");
    return config;
  }

  /** Surge created the topic (the brokers' own default is 1 replica, and they auto-create nothing). */
  private static void assertReplicated(KafkaCluster kafka, String topic) throws Exception {
    TopicDescription description = kafka.describe(topic);
    for (TopicPartitionInfo partition : description.partitions()) {
      assertEquals(3, partition.replicas().size(), topic + " has 3 replicas");
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = kafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    assertEquals("2", config.get("min.insync.replicas").value(), topic + " has min.insync.replicas 2");
  }

  private static boolean inSync(KafkaCluster kafka, String topic) {
    return kafka.describe(topic).partitions().stream().allMatch(p -> p.isr().size() == 3);
  }

  /**
   * How many records on {@code topic} carry each of {@code wanted} in {@code field}: read from the beginning
   * ({@code read_committed}) until all were seen, then until a poll brings nothing, so that copies show too.
   */
  private static Map<String, Integer> countOnTopic(KafkaCluster kafka, String topic, String field,
    Set<String> wanted) {
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "enable.auto.commit", "false",
      "allow.auto.create.topics", "false", "isolation.level", "read_committed");
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
      new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int quietPolls = 0;
      while (System.nanoTime() < deadline && (!counts.keySet().containsAll(wanted) || quietPolls < 2)) {
        var records = consumer.poll(Duration.ofMillis(500));
        quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
        for (ConsumerRecord<String, String> record : records) {
          String value = new JsonObject(record.value()).getString(field);
          if (wanted.contains(value)) {
            counts.merge(value, 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  private static Set<String> difference(Set<String> of, Set<String> without) {
    Set<String> left = new HashSet<>(of);
    left.removeAll(without);
    return left;
  }

  private static Set<String> orderedPurchases(Pool db, String saleId) {
    Wait.until("every due flash-sale order to be written out", Duration.ofSeconds(30),
      () -> Wait.forResult(db.query("SELECT count(*) FROM orders_due").execute()).iterator().next().getLong(0),
      due -> due == 0);
    Set<String> ids = new HashSet<>();
    Wait.forResult(db.preparedQuery("SELECT p.id FROM flash_purchases p JOIN orders o ON o.id = p.order_id "
      + "WHERE p.sale_id = $1 AND p.status = 'ordered'").execute(Tuple.of(UUID.fromString(saleId))))
      .forEach(row -> ids.add(row.getUUID(0).toString()));
    return ids;
  }
}
