package io.surge.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.List;

/**
 * Tracing through Vert.x's own OpenTelemetry integration: the HTTP server starts (or continues, from an incoming
 * {@code traceparent}) a span per request; event-bus hops and PostgreSQL, Redis, Kafka and HTTP client calls made
 * on its behalf become child spans and carry W3C trace context onward. Without tracing options Vert.x installs no
 * tracer at all, so tracing off costs nothing on any path.
 */
public final class Tracing {

  /**
   * For every client: a span only inside a trace that is already going (a request's), never a root span for
   * background work such as the outbox relay's polls or the Redis pub/sub subscriber.
   */
  public static final TracingPolicy CLIENTS = TracingPolicy.PROPAGATE;

  private Tracing() {
  }

  /** The SDK exporting over OTLP as configured; closing it flushes what is still buffered. */
  public static OpenTelemetrySdk sdk(TracingSettings settings) {
    return sdk(settings, exporter(settings));
  }

  public static OpenTelemetrySdk sdk(TracingSettings settings, SpanExporter exporter) {
    SdkTracerProvider tracers = SdkTracerProvider.builder()
      .setResource(Resource.getDefault().merge(Resource.create(
        io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName()))))
      // a caller's sampled flag wins; a trace that starts here is kept with the configured probability
      .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
      .addSpanProcessor(new QueryRedaction())
      .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
      .build();
    return OpenTelemetrySdk.builder()
      .setTracerProvider(tracers)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  }

  /** Installs the tracer on a Vert.x being built. */
  public static VertxBuilder install(VertxBuilder builder, VertxOptions options, OpenTelemetry openTelemetry) {
    options.setTracingOptions(new OpenTelemetryOptions());
    return builder.with(options).withTracer(new OpenTelemetryTracingFactory(openTelemetry));
  }

  /**
   * Vert.x records a server request's query string ({@code url.query}, and in {@code http.url}); a query may hold
   * an e-mail an admin searched for, which no log or trace may carry (see README, Security). Runs as each recorded
   * span starts, before any exporter sees it.
   */
  static final class QueryRedaction implements SpanProcessor {

    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
    private static final List<AttributeKey<String>> URLS = List.of(AttributeKey.stringKey("http.url"),
      AttributeKey.stringKey("url.full"));

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
      if (span.getAttribute(QUERY) != null) {
        span.setAttribute(QUERY, "redacted");
      }
      for (AttributeKey<String> key : URLS) {
        String url = span.getAttribute(key);
        int query = url == null ? -1 : url.indexOf('?');
        if (query >= 0) {
          span.setAttribute(key, url.substring(0, query));
        }
      }
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }

  private static SpanExporter exporter(TracingSettings settings) {
    if (TracingSettings.GRPC.equals(settings.protocol())) {
      var grpc = OtlpGrpcSpanExporter.builder();
      return settings.endpoint() == null ? grpc.build() : grpc.setEndpoint(settings.endpoint()).build();
    }
    var http = OtlpHttpSpanExporter.builder();
    return settings.endpoint() == null ? http.build() : http.setEndpoint(settings.endpoint()).build();
  }
}
