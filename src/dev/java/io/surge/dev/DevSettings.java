package io.surge.dev;

import io.surge.config.ConfigBlock;
import io.surge.dev.psp.SandboxSettings;
import io.vertx.core.json.JsonObject;

/** The dev launcher's own settings, from the {@code dev} block of {@code conf/dev.json}. {@code benchNaivePort} 0: no baseline.
 * {@code demoFlashSaleMinutes}: a demo flash sale opens this long after start (0: none; only with a demo catalog). */
public record DevSettings(String dataDir, boolean wipe, String adminEmail, String adminPassword,
  String adminDisplayName,
  int demoProducts, long demoSeed, int demoImages, int demoFlashSaleMinutes, int benchNaivePort,
  SandboxSettings paymentSandbox) {

  public static DevSettings from(JsonObject config) {
    ConfigBlock dev = ConfigBlock.of(config, "dev");
    return new DevSettings(
      dev.string("dataDir"),
      dev.flag("wipe"),
      dev.string("adminEmail"),
      dev.string("adminPassword"),
      dev.string("adminDisplayName"),
      dev.integer("demoProducts"),
      dev.whole("demoSeed"),
      dev.integer("demoImages"),
      dev.integer("demoFlashSaleMinutes"),
      dev.integer("benchNaivePort"),
      SandboxSettings.from(dev.block("paymentSandbox")));
  }
}
