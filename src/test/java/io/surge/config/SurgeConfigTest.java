package io.surge.config;

import io.surge.SurgeServer;
import io.surge.auth.JwtKeys;
import io.surge.auth.JwtSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class SurgeConfigTest {

  @Test
  @DisplayName("SURGE_* environment variables override keys with the default's type; overlays apply before them")
  void environmentOverrides() {
    JsonObject config = SurgeConfig.load(List.of("conf/dev.json"), Map.of(
      "SURGE_HTTP_PORT", "9090",
      "SURGE_JWT_ACCESS_TTL_SECONDS", "60",
      "SURGE_POSTGRES_HOST", "db.internal",
      "SURGE_DEV_WIPE", "true"));
    assertEquals(9090, config.getJsonObject("http").getInteger("port"));
    assertEquals(60, config.getJsonObject("jwt").getInteger("accessTtlSeconds"));
    assertEquals("db.internal", config.getJsonObject("postgres").getString("host"));
    assertEquals(true, config.getJsonObject("dev").getBoolean("wipe"));
    assertEquals(2, config.getJsonObject("http").getInteger("instances"), "from conf/dev.json");
    assertEquals(1_048_576, config.getJsonObject("http").getInteger("maxBodyBytes"), "from conf/application.json");
  }

  @Test
  @DisplayName("a non-numeric value for a numeric key is refused at start-up")
  void badNumber() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> SurgeConfig.load(List.of(), Map.of("SURGE_HTTP_PORT", "eighty")));
    assertTrue(e.getMessage().contains("SURGE_HTTP_PORT"));
  }

  @Test
  @DisplayName("without a JWT signing key the server refuses to start")
  void noSigningKey() {
    JwtSettings jwt = JwtSettings.from(SurgeConfig.load(List.of(), Map.of()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> JwtKeys.fromConfig(jwt));
    assertTrue(e.getMessage().contains("No JWT signing key"));
  }

  @Test
  @DisplayName("the production entry refuses to start when PostgreSQL, Redis or Kafka is not configured")
  void noEndpoints(Vertx vertx) {
    Throwable failure = SurgeServer.start(vertx, SurgeConfig.load(List.of(), Map.of())).cause();
    assertTrue(failure.getMessage().contains("postgres.host"), failure::getMessage);
    assertTrue(failure.getMessage().contains("kafka.bootstrapServers"), failure::getMessage);
  }
}
