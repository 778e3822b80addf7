package io.surge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health/live} answers without touching anything (the process is up);
 * {@code /health/ready} checks PostgreSQL, Redis and Kafka and names whichever is down. Without PostgreSQL or
 * Redis the instance cannot serve (503); without Kafka it still can (checkouts are written with their outbox
 * rows, which wait for Kafka), so it stays ready and reports itself {@code DEGRADED}.
 */
public final class Health {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Pool pg;
  private final RedisAPI redis;
  private final KafkaAdminClient kafka;

  public Health(Vertx vertx, Pool pg, RedisAPI redis, String kafkaBootstrap) {
    this.pg = pg;
    this.redis = redis;
    this.kafka = KafkaAdminClient.create(vertx, Map.of(
      "bootstrap.servers", kafkaBootstrap,
      "request.timeout.ms", "2000",
      "default.api.timeout.ms", "2000",
      "client.id", "surge-health"));
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> ctx.response()
      .putHeader("Content-Type", Replies.JSON).putHeader("Cache-Control", "no-store").end("{\"status\":\"UP\"}"));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    Future<Void> postgres = pg.query("SELECT 1").execute().mapEmpty();
    Future<Void> redisPing = redis.ping(List.of()).mapEmpty();
    Future<Void> kafkaCluster = kafka.describeCluster().mapEmpty();
    List<String> names = List.of("postgres", "redis", "kafka");
    List<Boolean> required = List.of(true, true, false);
    List<Future<Void>> checks = List.of(postgres, redisPing, kafkaCluster).stream()
      .map(check -> check.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)).toList();
    Future.join(checks).onComplete(done -> {
      JsonObject components = new JsonObject();
      boolean up = true;
      boolean degraded = false;
      for (int i = 0; i < names.size(); i++) {
        boolean ok = checks.get(i).succeeded();
        up &= ok || !required.get(i);
        degraded |= !ok;
        components.put(names.get(i), new JsonObject().put("status", ok ? "UP" : "DOWN")
          .put("required", required.get(i)));
      }
      String status = !up ? "DOWN" : degraded ? "DEGRADED" : "UP";
      ctx.response().setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", Replies.JSON)
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", status).put("components", components).toBuffer());
    });
  }

  public Future<Void> close() {
    return kafka.close();
  }
}
