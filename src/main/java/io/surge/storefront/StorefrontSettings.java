package io.surge.storefront;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** {@code shop.enabled}: serve the reference storefront at {@code /shop/} (on in dev; a production may turn it off). */
public record StorefrontSettings(boolean enabled) {

  public static StorefrontSettings from(JsonObject config) {
    return new StorefrontSettings(ConfigBlock.of(config, "shop").flag("enabled"));
  }
}
