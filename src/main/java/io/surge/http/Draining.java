package io.surge.http;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

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

  private static LocalMap<String, Boolean> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
