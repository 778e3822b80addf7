package io.surge;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.surge.app.ApiVerticle;
import io.surge.app.ManagementVerticle;
import io.surge.catalog.CatalogVerticle;
import io.surge.db.Migrations;
import io.surge.flashsale.FlashSaleSettings;
import io.surge.flashsale.FlashSaleVerticle;
import io.surge.flashsale.IntakeConsumer;
import io.surge.http.Draining;
import io.surge.http.HttpSettings;
import io.surge.http.ManagementSettings;
import io.surge.kafka.KafkaSettings;
import io.surge.kafka.KafkaTopics;
import io.surge.observability.Meters;
import io.surge.observability.RequestScope;
import io.surge.observability.Tracing;
import io.surge.observability.TracingSettings;
import io.surge.orders.OrderSettings;
import io.surge.orders.OrdersVerticle;
import io.surge.orders.push.OrderFeed;
import io.surge.outbox.OutboxRelay;
import io.surge.payments.PaymentSettings;
import io.surge.payments.PaymentsVerticle;
import io.surge.predictions.PredictionsVerticle;
import io.surge.recommendations.RecommendationsVerticle;
import io.surge.reviews.ReviewSettings;
import io.surge.support.chat.ChatVerticle;
import io.surge.support.tickets.TicketSettings;
import io.surge.support.tickets.TicketsVerticle;
import io.surge.users.UsersVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Start-up order shared by production ({@link Main}) and the dev launcher: check configuration,
 * migrate the database, deploy the domain verticles, then open the HTTP port.
 */
public final class SurgeServer {

  private static final Logger LOG = LoggerFactory.getLogger(SurgeServer.class);
  private static final String DEPLOYMENTS = "surge.deployments";
  private static final String HTTP = "http";

  private SurgeServer() {
  }

  /**
   * Vert.x as configured: metrics ({@link #metrics}) unless {@code management.metricsEnabled} is false, and
   * OpenTelemetry tracing exported over OTLP when {@code tracing.enabled} ({@link Tracing}).
   */
  public static Vertx createVertx(JsonObject config) {
    TracingSettings tracing = TracingSettings.from(config);
    if (!tracing.enabled()) {
      return createVertx(config, null);
    }
    OpenTelemetrySdk sdk = Tracing.sdk(tracing);
    // spans still buffered are sent before the process ends
    Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "surge-tracing-flush"));
    return createVertx(config, sdk);
  }

  /** As {@link #createVertx(JsonObject)}, tracing into {@code openTelemetry}, or not at all when it is null. */
  public static Vertx createVertx(JsonObject config, OpenTelemetry openTelemetry) {
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    if (ManagementSettings.from(config).metricsEnabled()) {
      options.setMetricsOptions(metrics());
      builder.withMetrics(new MicrometerMetricsFactory(Meters.prometheus()));
    } else {
      Meters.disable();
    }
    if (openTelemetry != null) {
      Tracing.install(builder, options, openTelemetry);
    }
    Vertx vertx = builder.with(options).build();
    RequestScope.propagateOnEventBus(vertx);
    return vertx;
  }

  /**
   * Micrometer metrics (Prometheus format, JVM metrics included). Raw socket metrics are off:
   * they count bytes on every read of every PostgreSQL, Redis and HTTP connection, cost the flash-sale
   * path measurable CPU per request, and tell an operator nothing the HTTP, pool and event-bus metrics do
   * not. Timers on the HTTP server and the PostgreSQL and Redis clients carry SLO buckets ({@link Meters}).
   */
  private static MicrometerMetricsOptions metrics() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      // the route template ("/api/v1/orders/:id"), never the raw path: one series per operation, not per id
      .addLabels(Label.HTTP_ROUTE)
      // per-customer event-bus addresses (order feed, session ends) folded into one series
      .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX).setValue(".*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-.*").setAlias("per-id"))
      .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
      .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
      .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  public static Future<Void> start(Vertx vertx, JsonObject config) {
    List<String> missing = missingEndpoints(config);
    if (!missing.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("Configuration names no " + String.join(", ", missing)
        + ". Set them (see README, Configuration) or run the dev launcher, which starts embedded ones."));
    }
    HttpSettings http = HttpSettings.from(config);
    int instances = http.instances();
    DeploymentOptions api = new DeploymentOptions().setConfig(config)
      .setInstances(instances > 0 ? instances : Runtime.getRuntime().availableProcessors());
    DeploymentOptions single = new DeploymentOptions().setConfig(config);
    return timed("migrations", Migrations.apply(vertx, config.getJsonObject("postgres")))
      .compose(v -> timed("kafka topics", KafkaTopics.ensure(vertx, KafkaSettings.from(config), topics(config))))
      .compose(v -> timed("users", vertx.deployVerticle(UsersVerticle::new, single)))
      .compose(v -> timed("catalog", vertx.deployVerticle(CatalogVerticle::new, single)))
      .compose(v -> timed("orders", vertx.deployVerticle(OrdersVerticle::new, single)))
      .compose(v -> timed("flash sales", vertx.deployVerticle(FlashSaleVerticle::new, single)))
      .compose(v -> FlashSaleSettings.from(config).kafkaIntake()
        ? timed("flash-sale kafka intake", vertx.deployVerticle(IntakeConsumer::new, single))
        : Future.succeededFuture())
      .compose(v -> timed("payments", vertx.deployVerticle(PaymentsVerticle::new, single)))
      .compose(v -> timed("outbox relay", vertx.deployVerticle(OutboxRelay::new, single)))
      .compose(v -> timed("order feed", vertx.deployVerticle(OrderFeed::new, single)))
      .compose(v -> timed("tickets", vertx.deployVerticle(TicketsVerticle::new, single)))
      .compose(v -> timed("support chat", vertx.deployVerticle(ChatVerticle::new, single)))
      .compose(v -> timed("recommendations", vertx.deployVerticle(RecommendationsVerticle::new, single)))
      .compose(v -> timed("predictions", vertx.deployVerticle(PredictionsVerticle::new, single)))
      .compose(v -> timed("http", vertx.deployVerticle(ApiVerticle::new, api)))
      .onSuccess(id -> vertx.sharedData().<String, String>getLocalMap(DEPLOYMENTS).put(HTTP, id))
      // last: a probe that answers on the management port means the public port is open too
      .compose(v -> timed("management", vertx.deployVerticle(ManagementVerticle::new, single)))
      .onSuccess(v -> LOG.info("Surge is listening on {}; metrics and probes on {}", kv("port", http.port()),
        kv("managementPort", ManagementSettings.from(config).port())))
      .mapEmpty();
  }

  /**
   * The first half of a stop (SIGTERM): readiness answers 503 from now on ({@link Draining}) and every answer says
   * {@code Connection: close}; for {@code delayMillis} the HTTP front still takes requests, since a load balancer
   * may have routed some here just before it stopped sending new ones (a keep-alive connection closed under such a
   * request would lose it). Then the HTTP front is undeployed, which lets in-flight requests finish and closes chat
   * connections once their frames are answered ({@link ApiVerticle#stop()}, bounded by {@code http.drainSeconds}).
   * The domain verticles (the flash-sale writer among them) and their pools are still there for that;
   * {@code vertx.close()} stops them afterwards, and the writer commits its pending batch then.
   */
  public static Future<Void> drain(Vertx vertx, long delayMillis) {
    Draining.begin(vertx);
    Future<?> delayed = delayMillis > 0 ? vertx.timer(delayMillis) : Future.succeededFuture();
    return delayed.compose(t -> {
      String http = vertx.sharedData().<String, String>getLocalMap(DEPLOYMENTS).remove(HTTP);
      return http == null ? Future.succeededFuture() : vertx.undeploy(http);
    });
  }

  /** Every topic Surge writes to: the outbox's event topics and the flash-sale intake. */
  private static List<String> topics(JsonObject config) {
    return List.of(OrderSettings.from(config).topic(), PaymentSettings.from(config).topic(),
      TicketSettings.from(config).topic(), ReviewSettings.from(config).topic(),
      FlashSaleSettings.from(config).intakeTopic());
  }

  private static <T> Future<T> timed(String component, Future<T> step) {
    long start = System.nanoTime();
    return step.onSuccess(v -> LOG.info("started {} in {} ms", component, (System.nanoTime() - start) / 1_000_000));
  }

  private static List<String> missingEndpoints(JsonObject config) {
    List<String> missing = new ArrayList<>();
    if (blank(config.getJsonObject("postgres").getString("host"))) {
      missing.add("postgres.host");
    }
    if (blank(config.getJsonObject("redis").getString("uri"))) {
      missing.add("redis.uri");
    }
    if (blank(config.getJsonObject("kafka").getString("bootstrapServers"))) {
      missing.add("kafka.bootstrapServers");
    }
    JsonObject payments = config.getJsonObject("payments");
    for (String key : List.of("baseUrl", "apiKey", "webhookSecret")) {
      if (blank(payments.getString(key))) {
        missing.add("payments." + key);
      }
    }
    return missing;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
