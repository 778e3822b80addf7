package io.surge.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts {@code request_id}, {@code trace_id} and {@code span_id} into the MDC of every log line written on behalf of a
 * request. Logback's MDC belongs to a thread, and a Vert.x event loop serves many requests in turn, so the values
 * are read from the current Vert.x context (its {@link RequestScope} and its OpenTelemetry span) at the moment the
 * line is written, and cleared when there is none. Declared in {@code logback.xml}.
 */
public final class LogCorrelation extends TurboFilter {

  public static final String REQUEST_ID = "request_id";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // isDebugEnabled() and lines below the logger's level are answered without touching anything
    if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    RequestScope.Request request = RequestScope.current();
    put(REQUEST_ID, request == null ? null : request.id());
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    } else {
      // after the server span ended: the request's trace id, no span
      put(TRACE_ID, request == null ? null : request.traceId());
      MDC.remove(SPAN_ID);
    }
    return FilterReply.NEUTRAL;
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
