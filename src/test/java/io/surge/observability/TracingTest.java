package io.surge.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.surge.SurgeServer;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One checkout traced end to end on a second server with tracing on (spans into an in-memory exporter): the caller's
 * {@code traceparent} is continued, and the HTTP server span, the event-bus hops and the PostgreSQL and Redis calls
 * form one tree under it; the order's outbox events keep the trace for their Kafka send. The shared test server runs with tracing off and must record nothing.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class TracingTest {

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");

  @Test
  @DisplayName("a checkout sent with a traceparent: server span, event-bus hops, PostgreSQL and Redis spans in one trace; its log lines carry the trace id")
  void checkoutIsOneTrace(Vertx vertx) throws Exception {
    ShopFixture shop = new ShopFixture(new Api(vertx), vertx);
    String token = shop.customers(1).get(0);
    shop.addToCart(token, shop.sku("TRACE-1", 1500, 5), 1);

    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("http").put("port", freePort()).put("instances", 1);
    config.getJsonObject("tracing").put("enabled", true);
    // the default ratio (1%) stays: the caller's sampled flag decides, as parent-based sampling must
    OpenTelemetrySdk sdk = Tracing.sdk(TracingSettings.from(config), exporter);
    // tracing only: a second Vert.x with metrics would share the JVM's one Prometheus registry, and closing it
    // closes that registry under the test server (its /metrics then answers 500 for every later test)
    VertxOptions options = new VertxOptions();
    Vertx traced = Tracing.install(Vertx.builder(), options, sdk).with(options).build();
    RequestScope.propagateOnEventBus(traced);
    Lines lines = Lines.capture();
    try {
      Wait.forResult(SurgeServer.start(traced, config));
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      String callerSpan = "00f067aa0ba902b7";
      String requestId = "trace-test-" + UUID.randomUUID().toString().substring(0, 8);
      Reply placed = new Api(vertx, config.getJsonObject("http").getInteger("port"))
        .call(HttpMethod.POST, "/api/v1/orders").bearer(token)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
        .header("X-Request-Id", requestId)
        .send(new JsonObject().put("shipping_address", ShopFixture.ADDRESS));
      assertEquals(201, placed.status(), placed::toString);
      assertTrue(placed.header("traceresponse").startsWith("00-" + traceId + "-"), placed::toString);

      List<SpanData> trace = Wait.until("the checkout's spans, joined in one tree", Duration.ofSeconds(15),
        () -> spansOf(sdk, exporter, traceId), TracingTest::complete);

      SpanData server = trace.stream().filter(TracingTest::httpServer).findFirst().orElseThrow();
      assertEquals(callerSpan, server.getParentSpanId(), "the server span continues the caller's trace");
      assertTrue(server.getSpanContext().isSampled());
      Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
      for (SpanData span : trace) {
        if (span != server) {
          assertTrue(ids.contains(span.getParentSpanId()), () -> "parent of " + span + " is in the trace");
          assertTrue(descendsFrom(span, server, trace), () -> span + " descends from the server span");
        }
      }
      assertTrue(trace.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT
        && "postgresql".equals(s.getAttributes().get(DB_SYSTEM))), () -> "a PostgreSQL span in " + trace);
      assertTrue(trace.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT
        && "redis".equals(s.getAttributes().get(DB_SYSTEM))), () -> "a Redis span in " + trace);

      // the order's events keep the trace, for the relay's Kafka send (OutboxTracingTest follows it from there)
      String orderId = placed.body().toJsonObject().getString("id");
      long withTrace = TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + orderId
        + "' AND trace_parent LIKE '00-" + traceId + "-%-01'");
      assertEquals(TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + orderId + "'"), withTrace);
      assertTrue(withTrace > 0, "the checkout wrote events");

      Map<String, String> accessLine = Wait.until("the access line of the checkout", Duration.ofSeconds(5),
        () -> lines.withRequestId(requestId), line -> line != null);
      assertEquals(traceId, accessLine.get(LogCorrelation.TRACE_ID), accessLine::toString);
    } finally {
      lines.stop();
      Wait.forResult(traced.close());
      sdk.close();
    }
  }

  @Test
  @DisplayName("tracing off (the shared test server): no tracer installed, no traceresponse header, no trace id in its log lines")
  void offMeansNothing(Vertx vertx) {
    assertNull(((VertxInternal) TestServer.get().vertx()).tracer(), "no tracer: nothing to pay per request");
    Lines lines = Lines.capture();
    try {
      String requestId = "untraced-" + UUID.randomUUID().toString().substring(0, 8);
      Reply reply = new Api(vertx).call(HttpMethod.GET, "/api/v1/products")
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .header("X-Request-Id", requestId).send();
      assertEquals(200, reply.status(), reply::toString);
      assertNull(reply.header("traceresponse"));
      Map<String, String> accessLine = Wait.until("the access line", Duration.ofSeconds(5),
        () -> lines.withRequestId(requestId), line -> line != null);
      assertFalse(accessLine.containsKey(LogCorrelation.TRACE_ID), accessLine::toString);
    } finally {
      lines.stop();
    }
  }

  @Test
  @DisplayName("a traced request's query string never reaches the exporter (it may hold an e-mail)")
  void queryStringsAreRedacted() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("tracing").put("sampleRatio", 1.0);
    try (OpenTelemetrySdk sdk = Tracing.sdk(TracingSettings.from(config), exporter)) {
      sdk.getTracer("test").spanBuilder("GET").setSpanKind(SpanKind.SERVER)
        .setAttribute("http.url", "http://shop/api/v1/admin/customers?q=ada@example.com")
        .setAttribute("url.query", "q=ada@example.com").setAttribute("url.path", "/api/v1/admin/customers")
        .startSpan().end();
      sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
      SpanData span = exporter.getFinishedSpanItems().get(0);
      assertEquals("http://shop/api/v1/admin/customers", span.getAttributes().get(AttributeKey.stringKey("http.url")));
      assertEquals("redacted", span.getAttributes().get(AttributeKey.stringKey("url.query")));
      assertEquals("/api/v1/admin/customers", span.getAttributes().get(AttributeKey.stringKey("url.path")));
    }
  }

  /** A server span, an event-bus hop, a PostgreSQL and a Redis call, every parent present. */
  private static boolean complete(List<SpanData> trace) {
    Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    return trace.stream().anyMatch(TracingTest::httpServer)
      && trace.stream().anyMatch(s -> "vertx-eventbus".equals(s.getAttributes().get(MESSAGING_SYSTEM))
        && (s.getKind() == SpanKind.CONSUMER || s.getKind() == SpanKind.SERVER))
      && trace.stream().anyMatch(s -> "postgresql".equals(s.getAttributes().get(DB_SYSTEM)))
      && trace.stream().anyMatch(s -> "redis".equals(s.getAttributes().get(DB_SYSTEM)))
      && trace.stream().allMatch(s -> httpServer(s) || ids.contains(s.getParentSpanId()));
  }

  /** Vert.x reports an event-bus delivery as a server span too; the HTTP one names no messaging system. */
  private static boolean httpServer(SpanData span) {
    return span.getKind() == SpanKind.SERVER && span.getAttributes().get(MESSAGING_SYSTEM) == null;
  }

  private static boolean descendsFrom(SpanData span, SpanData root, List<SpanData> trace) {
    Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
    SpanData at = span;
    for (int hops = 0; at != null && hops < trace.size(); hops++) {
      if (at.getParentSpanId().equals(root.getSpanId())) {
        return true;
      }
      at = byId.get(at.getParentSpanId());
    }
    return false;
  }

  private static List<SpanData> spansOf(OpenTelemetrySdk sdk, InMemorySpanExporter exporter, String traceId) {
    sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Log lines as the logging thread saw them: the MDC is read while the line is written (on the event loop), as
   * every encoder does, not later on the test thread. Turns the access log on while capturing.
   */
  private static final class Lines extends AppenderBase<ILoggingEvent> {

    private final List<Map<String, String>> mdcs = new CopyOnWriteArrayList<>();
    private Level accessLevel;

    static Lines capture() {
      Lines lines = new Lines();
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      lines.setContext(context);
      lines.start();
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(lines);
      Logger access = context.getLogger("surge.access");
      lines.accessLevel = access.getLevel();
      access.setLevel(Level.DEBUG);
      return lines;
    }

    @Override
    protected void append(ILoggingEvent event) {
      mdcs.add(Map.copyOf(event.getMDCPropertyMap()));
    }

    Map<String, String> withRequestId(String requestId) {
      return mdcs.stream().filter(mdc -> requestId.equals(mdc.get(LogCorrelation.REQUEST_ID))).findFirst()
        .orElse(null);
    }

    @Override
    public void stop() {
      LoggerContext context = (LoggerContext) getContext();
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
      context.getLogger("surge.access").setLevel(accessLevel);
      super.stop();
    }
  }
}
