package io.surge.http;

import io.micrometer.core.instrument.Gauge;
import io.surge.observability.Meters;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /health/live} answers without touching anything (the process is up);
 * {@code /health/ready} checks PostgreSQL, Redis and Kafka and names whichever is down. Without PostgreSQL or
 * Redis the instance cannot serve (503); without Kafka it still can (checkouts are written with their outbox
 * rows, which wait for Kafka), so it stays ready and reports itself {@code DEGRADED}. A stopping process
 * ({@link Draining}) is not ready: 503 {@code DRAINING}.
 */
public final class Health {

  private static final long CHECK_TIMEOUT_MS = 2_000;
  private static final List<String> DEPENDENCIES = List.of("postgres", "redis", "kafka");
  /** Per dependency: 1 up, 0 down, -1 not checked yet (NaN on /metrics, so no alert fires before the first probe). */
  private static final Map<String, AtomicInteger> UP = new ConcurrentHashMap<>();

  static {
    for (String dependency : DEPENDENCIES) {
      AtomicInteger up = new AtomicInteger(-1);
      UP.put(dependency, up);
      Gauge.builder("surge.dependency.up", up, value -> value.get() < 0 ? Double.NaN : value.get())
        .description("Whether the dependency answered the last readiness check (the kubelet's probe)")
        .tag("dependency", dependency).register(Meters.registry());
    }
  }

  private final Vertx vertx;
  private final Pool pg;
  private final RedisAPI redis;
  private final KafkaAdminClient kafka;

  public Health(Vertx vertx, Pool pg, RedisAPI redis, String kafkaBootstrap) {
    this.vertx = vertx;
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
    if (Draining.under(vertx)) {
      // stopping: whatever the dependencies say, send nothing new here
      ctx.response().setStatusCode(503).putHeader("Content-Type", Replies.JSON).putHeader("Cache-Control", "no-store")
        .end("{\"status\":\"DRAINING\"}");
      return;
    }
    check().onSuccess(report -> ctx.response().setStatusCode("DOWN".equals(report.getString("status")) ? 503 : 200)
      .putHeader("Content-Type", Replies.JSON)
      .putHeader("Cache-Control", "no-store")
      .end(report.toBuffer()));
  }

  /** Checks every dependency now: {@code {status: UP|DEGRADED|DOWN, components: {name: {status, required}}}}. */
  public Future<JsonObject> check() {
    Future<Void> postgres = pg.query("SELECT 1").execute().mapEmpty();
    Future<Void> redisPing = redis.ping(List.of()).mapEmpty();
    Future<Void> kafkaCluster = kafka.describeCluster().mapEmpty();
    List<String> names = DEPENDENCIES;
    List<Boolean> required = List.of(true, true, false);
    List<Future<Void>> checks = List.of(postgres, redisPing, kafkaCluster).stream()
      .map(check -> check.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)).toList();
    return Future.join(checks).transform(done -> {
      JsonObject components = new JsonObject();
      boolean up = true;
      boolean degraded = false;
      for (int i = 0; i < names.size(); i++) {
        boolean ok = checks.get(i).succeeded();
        up &= ok || !required.get(i);
        degraded |= !ok;
        UP.get(names.get(i)).set(ok ? 1 : 0);
        components.put(names.get(i), new JsonObject().put("status", ok ? "UP" : "DOWN")
          .put("required", required.get(i)));
      }
      String status = !up ? "DOWN" : degraded ? "DEGRADED" : "UP";
      return Future.succeededFuture(new JsonObject().put("status", status).put("components", components));
    });
  }

  public Future<Void> close() {
    return kafka.close();
  }
}
