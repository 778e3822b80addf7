package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Readiness without PostgreSQL or Redis: a {@link Health} whose client points at a port nobody listens on,
 * next to the real other dependencies. (Kafka down is in {@code OrderOutboxTest}, where checkouts go on.)
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class HealthTest {

  @Test
  @DisplayName("without Redis the instance is not ready: 503, status DOWN, redis named DOWN")
  void notReadyWithoutRedis(Vertx vertx) {
    RedisAPI deadRedis = RedisAPI.api(Redis.createClient(vertx, "redis://127.0.0.1:" + closedPort()));
    Reply ready = ready(vertx, new Health(vertx, TestServer.db(), deadRedis, kafka()));
    assertEquals(503, ready.status(), ready::toString);
    assertEquals("DOWN", ready.json().getString("status"));
    assertEquals("DOWN", ready.json().getJsonObject("components").getJsonObject("redis").getString("status"));
    assertEquals("UP", ready.json().getJsonObject("components").getJsonObject("postgres").getString("status"));
  }

  @Test
  @DisplayName("without PostgreSQL the instance is not ready: 503, status DOWN, postgres named DOWN")
  void notReadyWithoutPostgres(Vertx vertx) {
    Pool deadPg = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort())
      .setDatabase("surge").setUser("surge").setPassword("surge")).using(vertx).build();
    Reply ready = ready(vertx, new Health(vertx, deadPg, TestServer.redis(), kafka()));
    assertEquals(503, ready.status(), ready::toString);
    assertEquals("DOWN", ready.json().getString("status"));
    assertEquals("DOWN", ready.json().getJsonObject("components").getJsonObject("postgres").getString("status"));
    assertEquals("UP", ready.json().getJsonObject("components").getJsonObject("redis").getString("status"));
  }

  private static Reply ready(Vertx vertx, Health health) {
    Router router = Router.router(vertx);
    health.mount(router);
    HttpServer server = Wait.forResult(vertx.createHttpServer().requestHandler(router).listen(0));
    try {
      return new Api(vertx, server.actualPort()).get("/health/ready", null);
    } finally {
      Wait.forResult(server.close());
      Wait.forResult(health.close());
    }
  }

  private static String kafka() {
    JsonObject config = TestServer.config();
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }

  /** A port that was free a moment ago: connections to it are refused. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
