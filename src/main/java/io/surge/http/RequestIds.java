package io.surge.http;

import io.surge.observability.RequestScope;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Gives every request an id (the caller's {@code X-Request-Id} if sane) and echoes it back. */
public final class RequestIds implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  public static final String TRACE_RESPONSE = "traceresponse";
  private static final String KEY = "surge.requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER);
    String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : newId();
    ctx.put(KEY, id);
    // log lines written for this request name it, on this context and across event-bus hops
    String trace = RequestScope.enter(id);
    if (trace != null) {
      // the W3C Trace Context Level 2 response header: a client can find its request's trace
      ctx.response().putHeader(TRACE_RESPONSE, trace);
    }
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** 64 random bits as hex: unique enough to find a request in the logs, without SecureRandom's cost per request. */
  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
