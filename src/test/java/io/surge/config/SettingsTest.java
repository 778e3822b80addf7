package io.surge.config;

import io.surge.auth.JwtSettings;
import io.surge.auth.SecuritySettings;
import io.surge.cart.CartSettings;
import io.surge.catalog.CatalogSettings;
import io.surge.console.ConsoleSettings;
import io.surge.dev.DevSettings;
import io.surge.flashsale.FlashSaleSettings;
import io.surge.http.HttpSettings;
import io.surge.http.IdempotencySettings;
import io.surge.http.ManagementSettings;
import io.surge.kafka.KafkaSettings;
import io.surge.observability.TracingSettings;
import io.surge.orders.OrderSettings;
import io.surge.outbox.OutboxSettings;
import io.surge.payments.PaymentSettings;
import io.surge.predictions.PredictionSettings;
import io.surge.predictions.customers.RepurchaseSettings;
import io.surge.recommendations.RecommendationSettings;
import io.surge.reviews.ReviewSettings;
import io.surge.shared.AmountLimits;
import io.surge.storefront.StorefrontSettings;
import io.surge.support.chat.ChatSettings;
import io.surge.support.tickets.TicketSettings;
import io.surge.users.PrivacySettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings records, parsed without a server. */
class SettingsTest {

  private static final List<Function<JsonObject, ?>> PRODUCTION = List.of(HttpSettings::from,
    ManagementSettings::from, IdempotencySettings::from, JwtSettings::from, SecuritySettings::from,
    CatalogSettings::from, CartSettings::from, OrderSettings::from, OutboxSettings::from, FlashSaleSettings::from,
    PaymentSettings::from, AmountLimits::from, TicketSettings::from,
    ReviewSettings::from, ChatSettings::from, PrivacySettings::from, RecommendationSettings::from,
    PredictionSettings::from, RepurchaseSettings::from,
    StorefrontSettings::from, ConsoleSettings::from, TracingSettings::from, KafkaSettings::from);
  private static final List<Function<JsonObject, ?>> RECORDS = Stream.concat(PRODUCTION.stream(),
    Stream.<Function<JsonObject, ?>>of(DevSettings::from)).toList();

  /** Read where they are used (connection options, start-up checks), not by a settings record. */
  private static final Set<String> NOT_IN_RECORDS = Set.of("http.publicBaseUrl", "postgres.host", "postgres.port",
    "postgres.database", "postgres.user", "postgres.password", "postgres.poolSize", "redis.type", "redis.uri",
    "redis.poolSize");

  private static JsonObject devConfig() {
    return SurgeConfig.load(List.of("conf/dev.json"), Map.of());
  }

  @Test
  @DisplayName("every settings record builds from conf/application.json and conf/dev.json, with their values")
  void buildsFromTheShippedFiles() {
    JsonObject config = devConfig();
    RECORDS.forEach(record -> assertDoesNotThrow(() -> record.apply(config)));

    assertEquals(
      new FlashSaleSettings(5, 10, 200, 400, "postgres", "surge.flashsale.intake", 256, 2, 2, 2000, 900, 3600, 1),
      FlashSaleSettings.from(config));
    assertEquals(new OrderSettings(30, 14, 30, "surge.orders", 10, 3, 20), OrderSettings.from(config));
    assertEquals(new CartSettings(30, 50, "EUR"), CartSettings.from(config));
    assertEquals(new OutboxSettings(500, 200, 10, 3000, 120_000, 24), OutboxSettings.from(config));
    assertEquals(new TicketSettings("surge.support", 7), TicketSettings.from(config));
    assertEquals(new KafkaSettings(null, 0, 0), KafkaSettings.from(config), "dev: the embedded broker's defaults");
    assertTrue(!KafkaSettings.from(config).createsTopics());
    assertEquals(2, HttpSettings.from(config).instances(), "conf/dev.json over conf/application.json");
    assertEquals("*", HttpSettings.from(config).corsAllowedOrigins());
    assertNull(HttpSettings.from(config).trustedProxies(), "blank means not set");
    assertEquals("jwt/es256-private.pem", JwtSettings.from(config).privateKeyFile());
    assertEquals(10, DevSettings.from(config).paymentSandbox().webhookAttempts());
    assertEquals(16_384, ChatSettings.from(config).maxFrameBytes());
    assertEquals(10.0, ChatSettings.from(config).ratePerSecond());
  }

  @Test
  @DisplayName("production (conf/application.json alone) has every key but the dev launcher's")
  void buildsFromTheDefaultsAlone() {
    JsonObject config = SurgeConfig.load(List.of(), Map.of());
    PRODUCTION.forEach(record -> assertDoesNotThrow(() -> record.apply(config)));
    assertEquals("Configuration key dev is missing",
      assertThrows(IllegalStateException.class, () -> DevSettings.from(config)).getMessage());
  }

  @Test
  @DisplayName("environment overrides reach the records with the default's type")
  void environmentOverrides() {
    JsonObject config = SurgeConfig.load(List.of(), Map.of("SURGE_FLASH_SALES_WRITER_BATCH", "64",
      "SURGE_FLASH_SALES_INTAKE", "kafka", "SURGE_PAYMENTS_RECONCILE_MILLIS", "0"));
    assertEquals(64, FlashSaleSettings.from(config).writerBatch());
    JsonObject replicated = SurgeConfig.load(List.of(), Map.of("SURGE_KAFKA_BOOTSTRAP_SERVERS",
      "kafka-0:9092,kafka-1:9092,kafka-2:9092", "SURGE_KAFKA_REPLICATION_FACTOR", "3",
      "SURGE_KAFKA_MIN_INSYNC_REPLICAS", "2"));
    assertEquals(new KafkaSettings("kafka-0:9092,kafka-1:9092,kafka-2:9092", 3, 2), KafkaSettings.from(replicated));
    assertTrue(KafkaSettings.from(replicated).createsTopics());
    assertTrue(FlashSaleSettings.from(config).kafkaIntake());
    assertEquals(0, PaymentSettings.from(config).reconcileMillis());
  }

  @Test
  @DisplayName("each key a record reads, when missing, fails start-up with the key's full name")
  void missingKeyIsNamed() {
    List<String> keys = new ArrayList<>();
    leaves(devConfig(), "", keys);
    assertTrue(keys.contains("dev.paymentSandbox.webhookBackoffMillis"), keys::toString);
    for (String key : keys) {
      if (NOT_IN_RECORDS.contains(key)) {
        continue;
      }
      JsonObject config = devConfig();
      remove(config, key);
      IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RECORDS.forEach(record -> assertNotNull(record.apply(config))),
        key + " is read by no settings record");
      assertEquals("Configuration key " + key + " is missing", e.getMessage());
    }
  }

  @Test
  @DisplayName("a missing block and a value of the wrong type are named too")
  void missingBlockAndWrongType() {
    JsonObject config = devConfig();
    config.remove("chat");
    assertEquals("Configuration key chat is missing",
      assertThrows(IllegalStateException.class, () -> ChatSettings.from(config)).getMessage());
    JsonObject typo = devConfig();
    typo.getJsonObject("outbox").put("batchSize", "many");
    assertEquals("Configuration key outbox.batchSize must be a number, got 'many'",
      assertThrows(IllegalStateException.class, () -> OutboxSettings.from(typo)).getMessage());
  }

  @Test
  @DisplayName("a replicated Kafka's settings that cannot hold are refused at start, naming the key")
  void kafkaReplicationChecked() {
    JsonObject more = SurgeConfig.load(List.of(), Map.of("SURGE_KAFKA_REPLICATION_FACTOR", "2",
      "SURGE_KAFKA_MIN_INSYNC_REPLICAS", "3"));
    assertTrue(assertThrows(IllegalStateException.class, () -> KafkaSettings.from(more)).getMessage()
      .startsWith("kafka.minInsyncReplicas"));
    JsonObject negative = SurgeConfig.load(List.of(), Map.of("SURGE_KAFKA_REPLICATION_FACTOR", "-1"));
    assertTrue(assertThrows(IllegalStateException.class, () -> KafkaSettings.from(negative)).getMessage()
      .startsWith("kafka.replicationFactor"));
  }

  private static void leaves(JsonObject node, String prefix, List<String> out) {
    for (String name : node.fieldNames()) {
      Object value = node.getValue(name);
      if (value instanceof JsonObject child) {
        leaves(child, prefix + name + ".", out);
      } else {
        out.add(prefix + name);
      }
    }
  }

  private static void remove(JsonObject config, String key) {
    String[] path = key.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.getJsonObject(path[i]);
    }
    node.remove(path[path.length - 1]);
  }
}
