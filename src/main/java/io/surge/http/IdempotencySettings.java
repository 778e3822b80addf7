package io.surge.http;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** How long a stored Idempotency-Key answer is kept, from the {@code idempotency} block. */
public record IdempotencySettings(int ttlHours) {

  public static IdempotencySettings from(JsonObject config) {
    return new IdempotencySettings(ConfigBlock.of(config, "idempotency").integer("ttlHours"));
  }
}
