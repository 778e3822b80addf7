package io.surge.dev;

import io.surge.config.ConfigBlock;
import io.surge.config.SurgeConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Dev mode's JWT signing keys: an ES256 key pair generated once into the dev data folder and reused
 * after restarts, so tokens issued before a restart stay valid. Production keys come from configuration.
 */
final class DevKeys {

  private DevKeys() {
  }

  static void ensure(JsonObject jwt, Path dataDir) throws IOException, GeneralSecurityException {
    if (SurgeConfig.text(jwt, "privateKeyPem") != null) {
      return;
    }
    ConfigBlock settings = new ConfigBlock("jwt", jwt);
    Path privateFile = dataDir.resolve(settings.string("privateKeyFile"));
    Path publicFile = dataDir.resolve(settings.string("publicKeyFile"));
    if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(privateFile.getParent());
      Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.UTF_8);
      Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.UTF_8);
    }
    jwt.put("privateKeyFile", privateFile.toString()).put("publicKeyFile", publicFile.toString());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
