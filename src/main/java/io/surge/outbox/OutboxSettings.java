package io.surge.outbox;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** The relay's pace and patience, from the {@code outbox} block. */
public record OutboxSettings(int batchSize, long pollMillis, long lingerMillis, long lockRetryMillis,
  long deliveryTimeoutMillis, int keepPublishedHours) {

  public static OutboxSettings from(JsonObject config) {
    ConfigBlock outbox = ConfigBlock.of(config, "outbox");
    return new OutboxSettings(
      outbox.integer("batchSize"),
      outbox.whole("pollMillis"),
      outbox.whole("lingerMillis"),
      outbox.whole("lockRetryMillis"),
      outbox.whole("deliveryTimeoutMillis"),
      outbox.integer("keepPublishedHours"));
  }
}
