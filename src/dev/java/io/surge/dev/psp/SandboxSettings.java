package io.surge.dev.psp;

import io.surge.config.ConfigBlock;

/**
 * The payment sandbox, from {@code dev.paymentSandbox}: {@code port} 0 picks a free one,
 * {@code autoSucceedMillis} 0 waits for a click on the sandbox's page.
 */
public record SandboxSettings(int port, long autoSucceedMillis, int webhookAttempts, long webhookBackoffMillis) {

  public static SandboxSettings from(ConfigBlock sandbox) {
    return new SandboxSettings(
      sandbox.integer("port"),
      sandbox.whole("autoSucceedMillis"),
      sandbox.integer("webhookAttempts"),
      sandbox.whole("webhookBackoffMillis"));
  }
}
