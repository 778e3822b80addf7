package io.surge.observability;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * OpenTelemetry tracing, from the {@code tracing} block; off unless {@code enabled}. {@code protocol} is OTLP's
 * {@code http/protobuf} or {@code grpc}; a blank {@code endpoint} means the exporter's default for it
 * ({@code http://localhost:4318/v1/traces} or {@code http://localhost:4317}). {@code sampleRatio} applies to traces
 * that start here; a caller's {@code traceparent} keeps its own decision (parent-based sampling).
 */
public record TracingSettings(boolean enabled, String protocol, String endpoint, double sampleRatio,
  String serviceName) {

  public static final String HTTP = "http/protobuf";
  public static final String GRPC = "grpc";

  public static TracingSettings from(JsonObject config) {
    ConfigBlock tracing = ConfigBlock.of(config, "tracing");
    String protocol = tracing.string("protocol");
    if (!HTTP.equals(protocol) && !GRPC.equals(protocol)) {
      throw new IllegalStateException("Configuration key tracing.protocol must be " + HTTP + " or " + GRPC
        + ", got '" + protocol + "'");
    }
    double ratio = tracing.decimal("sampleRatio");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalStateException("Configuration key tracing.sampleRatio must be between 0 and 1, got " + ratio);
    }
    return new TracingSettings(tracing.flag("enabled"), protocol, tracing.text("endpoint"), ratio,
      tracing.string("serviceName"));
  }
}
