package io.surge.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/** Conservative response headers for a JSON API; built once, copied onto every response. */
public final class SecurityHeaders implements SecurityPolicyHandler {

  private static final MultiMap HEADERS = MultiMap.caseInsensitiveMultiMap()
    .add("X-Content-Type-Options", "nosniff")
    .add("X-Frame-Options", "DENY")
    .add("Referrer-Policy", "no-referrer")
    .add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    .add("Cross-Origin-Resource-Policy", "same-origin")
    .add("Strict-Transport-Security", "max-age=31536000; includeSubDomains");

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().headers().addAll(HEADERS);
    ctx.next();
  }
}
