package io.surge.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace carried across a gap in time: work written now (an outbox row) and done later by other code (the relay's
 * Kafka send) on another context, maybe another process. The W3C {@code traceparent} text is what is stored.
 */
public final class TraceParent {

  public static final String HEADER = "traceparent";

  private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private TraceParent() {
  }

  /**
   * The traceparent of the span running now, or null when there is none to keep: tracing off (no tracer on this
   * Vert.x: a null check, nothing more) or a trace that is not sampled.
   */
  public static String current() {
    ContextInternal context = ContextInternal.current();
    if (context == null || context.tracer() == null) {
      return null;
    }
    if (!Span.current().getSpanContext().isSampled()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>(2);
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get(HEADER);
  }

  /**
   * Runs {@code work} now, on this thread, as part of the stored trace: on a fresh duplicate of the caller's
   * context whose active span is the stored one, so Vert.x's own client tracing (the Kafka producer's) makes its
   * span a child of it and propagates it onward. Without a tracer the work just runs.
   */
  public static <T> T within(Vertx vertx, String traceParent, java.util.function.Supplier<T> work) {
    if (traceParent == null || ((VertxInternal) vertx).tracer() == null) {
      return work.get();
    }
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceParent),
      MAP);
    ContextInternal traced = ((VertxInternal) vertx).getOrCreateContext().duplicate();
    List<T> result = new java.util.ArrayList<>(1);
    traced.dispatch(() -> {
      try (Scope ignored = parent.makeCurrent()) {
        result.add(work.get());
      }
    });
    return result.get(0);
  }
}
