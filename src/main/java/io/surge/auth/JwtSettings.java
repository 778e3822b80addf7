package io.surge.auth;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** Access and refresh tokens, from the {@code jwt} block. The key fields are null when not set. */
public record JwtSettings(String issuer, String audience, int accessTtlSeconds, int refreshTtlSeconds,
  String privateKeyPem, String publicKeyPem, String privateKeyFile, String publicKeyFile) {

  public static JwtSettings from(JsonObject config) {
    ConfigBlock jwt = ConfigBlock.of(config, "jwt");
    return new JwtSettings(
      jwt.string("issuer"),
      jwt.string("audience"),
      jwt.integer("accessTtlSeconds"),
      jwt.integer("refreshTtlSeconds"),
      jwt.text("privateKeyPem"),
      jwt.text("publicKeyPem"),
      jwt.text("privateKeyFile"),
      jwt.text("publicKeyFile"));
  }
}
