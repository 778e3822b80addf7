package io.surge.console;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** {@code console.enabled}: serve the merchant's console at {@code /admin/} (a production may turn it off). */
public record ConsoleSettings(boolean enabled) {

  public static ConsoleSettings from(JsonObject config) {
    return new ConsoleSettings(ConfigBlock.of(config, "console").flag("enabled"));
  }
}
