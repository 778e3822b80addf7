package io.surge.http;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The HTTP front, from the {@code http} block. {@code instances} 0 means one per core;
 * {@code corsAllowedOrigins} and {@code trustedProxies} are null when not set. {@code drainSeconds}: how long a
 * stopping process lets in-flight requests and chat frames finish before it closes what is left ({@link Draining}).
 * {@code drainDelayMillis}: how long it keeps taking requests first (each answered with {@code Connection: close}),
 * for those a load balancer had already routed here when it stopped sending new ones.
 */
public record HttpSettings(String host, int port, int instances, long maxBodyBytes, String corsAllowedOrigins,
  String trustedProxies, int drainSeconds, long drainDelayMillis) {

  public static HttpSettings from(JsonObject config) {
    ConfigBlock http = ConfigBlock.of(config, "http");
    return new HttpSettings(
      http.string("host"),
      http.integer("port"),
      http.integer("instances"),
      http.whole("maxBodyBytes"),
      http.text("corsAllowedOrigins"),
      http.text("trustedProxies"),
      http.integer("drainSeconds"),
      http.whole("drainDelayMillis"));
  }
}
