package io.surge.auth;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/**
 * Login throttling and password hashing, from the {@code security} block. Failed password checks within
 * {@code loginWindowSeconds}: {@code loginMaxFailures} per account from one address, {@code loginMaxFailuresPerAddress}
 * per address, {@code loginMaxFailuresPerAccount} per account from addresses it never logged in from. New accounts:
 * {@code registrationsPerAddress} per {@code registrationWindowSeconds} (0: no limit). {@code passwordHashQueue}: password checks
 * waiting or running at most, per process (beyond it 503; new passwords get half).
 */
public record SecuritySettings(int loginMaxFailures, int loginMaxFailuresPerAddress, int loginMaxFailuresPerAccount,
  int loginWindowSeconds, int passwordHashThreads, int passwordHashQueue, int registrationsPerAddress,
  int registrationWindowSeconds) {

  public static SecuritySettings from(JsonObject config) {
    ConfigBlock security = ConfigBlock.of(config, "security");
    return new SecuritySettings(
      security.integer("loginMaxFailures"),
      security.integer("loginMaxFailuresPerAddress"),
      security.integer("loginMaxFailuresPerAccount"),
      security.integer("loginWindowSeconds"),
      security.integer("passwordHashThreads"),
      security.integer("passwordHashQueue"),
      security.integer("registrationsPerAddress"),
      security.integer("registrationWindowSeconds"));
  }
}
