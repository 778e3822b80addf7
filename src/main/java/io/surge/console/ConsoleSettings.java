package io.surge.console;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * The {@code console} block: {@code enabled} serves the merchant's console at {@code /admin/} (a production may turn
 * it off); a SKU is low on stock when its available units (on hand minus reserved) are at or below
 * {@code lowStockThreshold}; the dashboard names the first {@code lowStockShown} of them and charts at most
 * {@code dashboardMaxDays} days.
 */
public record ConsoleSettings(boolean enabled, int lowStockThreshold, int lowStockShown, int dashboardMaxDays) {

  public static ConsoleSettings from(JsonObject config) {
    ConfigBlock console = ConfigBlock.of(config, "console");
    return new ConsoleSettings(console.flag("enabled"), console.integer("lowStockThreshold"),
      console.integer("lowStockShown"), console.integer("dashboardMaxDays"));
  }
}
