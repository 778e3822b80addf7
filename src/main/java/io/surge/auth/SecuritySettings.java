package io.surge.auth;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** Login throttling and password hashing, from the {@code security} block. */
public record SecuritySettings(int loginMaxFailures, int loginWindowSeconds, int passwordHashThreads) {

  public static SecuritySettings from(JsonObject config) {
    ConfigBlock security = ConfigBlock.of(config, "security");
    return new SecuritySettings(
      security.integer("loginMaxFailures"),
      security.integer("loginWindowSeconds"),
      security.integer("passwordHashThreads"));
  }
}
