package io.surge.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id of the request a piece of work is done for, held on its Vert.x context (a thread serves many
 * requests at once, so a thread-local MDC cannot hold it) and carried across event-bus hops in a message header, so
 * that log lines written by the verticle that answers still name the request.
 *
 * <p>Loaded by Vert.x as a service provider: a context-local slot must be registered before the first Vert.x
 * instance exists, and Vert.x loads its service providers exactly then.
 */
public final class RequestScope implements VertxServiceProvider {

  static final ContextLocal<Request> REQUEST = ContextLocal.registerLocal(Request.class);
  private static final String HEADER = "x-request-id";

  @Override
  public void init(VertxBootstrap bootstrap) {
    // nothing to configure: being loaded registers the slot
  }

  /**
   * The request a context works for: its id, and the trace id of its server span (null when not traced), kept
   * because Vert.x ends that span, and detaches it from the context, before the last lines about the request are
   * written (the access line).
   */
  public record Request(String id, String traceId) {
  }

  /**
   * Marks the current context (a request's own) as working for {@code requestId}; returns the request's W3C trace
   * context ({@code 00-traceid-spanid-flags}) when it is traced, else null.
   */
  public static String enter(String requestId) {
    ContextInternal context = ContextInternal.current();
    if (context == null || !context.isDuplicate()) {
      return null;
    }
    SpanContext span = Span.current().getSpanContext();
    context.putLocal(REQUEST, new Request(requestId, span.isValid() ? span.getTraceId() : null));
    return span.isValid()
      ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
      : null;
  }

  /** The request the calling code works for, or null outside any request. */
  public static Request current() {
    ContextInternal context = ContextInternal.current();
    return context == null ? null : context.getLocal(REQUEST);
  }

  /** Event-bus messages sent on behalf of a request carry its id; their handlers run under it. */
  public static void propagateOnEventBus(Vertx vertx) {
    vertx.eventBus().addOutboundInterceptor(RequestScope::stamp).addInboundInterceptor(RequestScope::adopt);
  }

  private static <T> void stamp(DeliveryContext<T> delivery) {
    Request request = current();
    if (request != null) {
      delivery.message().headers().set(HEADER, request.id());
    }
    delivery.next();
  }

  private static <T> void adopt(DeliveryContext<T> delivery) {
    String id = delivery.message().headers().get(HEADER);
    if (id != null) {
      // inbound interceptors run on the context the handler will run on: a fresh duplicate per message
      Context context = Vertx.currentContext();
      if (context != null) {
        context.putLocal(REQUEST, new Request(id, null));
      }
    }
    delivery.next();
  }
}
