package io.surge.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** One structured line per request at debug level; costs nothing when debug is off. */
public final class AccessLog implements PlatformHandler {

  private static final Logger LOG = LoggerFactory.getLogger("surge.access");

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(done -> LOG.debug("request", kv("request_id", RequestIds.of(ctx)),
        kv("method", ctx.request().method().name()), kv("path", ctx.request().path()),
        kv("status", ctx.response().getStatusCode()), kv("duration_ms", (System.nanoTime() - start) / 1_000_000)));
    }
    ctx.next();
  }
}
