package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PlatformTest {

  private Api api;
  private Vertx vertx;

  @BeforeEach
  void client(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
  }

  @Test
  @DisplayName("the dev launcher's server is ready with embedded PostgreSQL, Redis and Kafka all up")
  void readyWithAllComponents() {
    Reply ready = api.get("/health/ready", null);
    assertEquals(200, ready.status(), ready::toString);
    JsonObject components = ready.json().getJsonObject("components");
    for (String component : new String[] {"postgres", "redis", "kafka"}) {
      assertEquals("UP", components.getJsonObject(component).getString("status"), component);
    }
    assertEquals("UP", ready.json().getString("status"));
    assertEquals(200, api.get("/health/live", null).status());
  }

  @Test
  @DisplayName("every response carries a request id and security headers; a sane caller id is echoed")
  void requestIdAndSecurityHeaders() {
    Reply reply = api.call(io.vertx.core.http.HttpMethod.GET, "/health/live").header("X-Request-Id", "trace-12345678")
      .send();
    assertEquals("trace-12345678", reply.header("X-Request-Id"));
    assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    assertEquals("DENY", reply.header("X-Frame-Options"));
    assertNotNull(api.get("/health/live", null).header("X-Request-Id"));
  }

  @Test
  @DisplayName("the support protocol page is served as Markdown text in UTF-8, for a browser to show rather than download")
  void protocolIsText() {
    Reply protocol = api.get("/support/PROTOCOL.md", null);
    assertEquals(200, protocol.status());
    assertEquals("text/markdown; charset=utf-8", protocol.header("Content-Type"));
    assertTrue(protocol.body().length() > 0);
  }

  @Test
  @DisplayName("unknown paths answer a problem+json 404 with a stable code")
  void unknownPathIsProblem() {
    Reply reply = api.get("/api/v1/no-such-thing", null);
    assertEquals(404, reply.status());
    assertEquals(Problems.CONTENT_TYPE, reply.header("Content-Type"));
    assertEquals("not_found", reply.code());
  }

  @Test
  @DisplayName("the OpenAPI document and the JWKS are served; Prometheus metrics and probes only on the management port")
  void servesContractKeysAndMetrics() {
    Reply openapi = api.get("/api/v1/openapi.json", null);
    assertEquals(200, openapi.status());
    assertTrue(openapi.json().getString("openapi").startsWith("3.1"));
    assertTrue(openapi.json().getJsonObject("paths").containsKey("/api/v1/users"));

    JsonObject key = api.get("/.well-known/jwks.json", null).json().getJsonArray("keys").getJsonObject(0);
    assertEquals("EC", key.getString("kty"));
    assertEquals("P-256", key.getString("crv"));
    assertEquals("ES256", key.getString("alg"));
    assertNotNull(key.getString("kid"));

    assertEquals(404, api.get("/metrics", null).status(), "no metrics on the public port");
    Api management = new Api(vertx, TestServer.config().getJsonObject("management").getInteger("port"));
    Reply metrics = management.get("/metrics", null);
    assertEquals(200, metrics.status());
    assertEquals(200, management.get("/health/live", null).status());
    assertEquals(200, management.get("/health/ready", null).status());
    String text = metrics.body().toString();
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
    assertTrue(text.contains("vertx_http_server_requests_total"), "HTTP access metrics");
  }
}
