package io.surge.http;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * From the {@code idempotency} block: how long a stored Idempotency-Key answer is kept, and how long an in-flight
 * request holds its key without renewing it (after a crash, a retry takes the key over once that lease ends).
 */
public record IdempotencySettings(int ttlHours, int leaseSeconds) {

  public static IdempotencySettings from(JsonObject config) {
    ConfigBlock block = ConfigBlock.of(config, "idempotency");
    return new IdempotencySettings(block.integer("ttlHours"), block.integer("leaseSeconds"));
  }
}
