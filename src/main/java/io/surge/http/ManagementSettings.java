package io.surge.http;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The management port, from the {@code management} block: Prometheus metrics and health probes for the cluster's
 * own network, never the public port. {@code port} 0 picks a free one (tests). {@code metricsEnabled} false turns every
 * meter into a no-op and {@code /metrics} into 404 (to measure what metrics cost).
 */
public record ManagementSettings(String host, int port, boolean metricsEnabled) {

  public static ManagementSettings from(JsonObject config) {
    ConfigBlock management = ConfigBlock.of(config, "management");
    return new ManagementSettings(management.string("host"), management.integer("port"),
      management.flag("metricsEnabled"));
  }
}
