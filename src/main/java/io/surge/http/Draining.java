package io.surge.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Whether this process is stopping (SIGTERM): from then on readiness answers 503 ({@link Health}), so a load balancer
 * sends nothing new, while the HTTP front finishes what it has (bounded by {@code http.drainSeconds}). Per Vert.x
 * instance, as tests run several in one JVM.
 */
public final class Draining {

  private static final String MAP = "surge.draining";
  private static final String KEY = "draining";

  private Draining() {
  }

  public static void begin(Vertx vertx) {
    map(vertx).put(KEY, Boolean.TRUE);
  }

  public static boolean under(Vertx vertx) {
    return Boolean.TRUE.equals(map(vertx).get(KEY));
  }

  /**
   * While this process drains, every answer carries {@code Connection: close}, so a client or load balancer does not
   * send its next request on a connection that is about to close.
   */
  public static PlatformHandler closingConnections(Vertx vertx) {
    LocalMap<String, Boolean> draining = map(vertx);
    // decided when the answer's headers go out, not when the request came in: a drain may begin in between
    return ctx -> {
      ctx.addHeadersEndHandler(v -> {
        if (Boolean.TRUE.equals(draining.get(KEY))) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
      });
      ctx.next();
    };
  }

  private static LocalMap<String, Boolean> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
