package io.surge.auth;

import java.security.Provider;
import java.security.Security;

/**
 * ES256 signatures (SHA256withECDSA) by Bouncy Castle instead of the JDK's SunEC. On Java 17 SunEC
 * verifies a P-256 signature in about 1.2 ms of CPU, Bouncy Castle in about 0.1-0.2 ms; in a flash
 * sale every new buyer's first request pays one verification, so this is the per-buyer CPU floor.
 * Only this one algorithm is routed to Bouncy Castle (a provider placed first that knows nothing
 * else): TLS, random numbers and every other algorithm stay with the JDK.
 */
final class FastEcdsa {

  static final String PROVIDER = "SurgeEcdsa";

  private FastEcdsa() {
  }

  /** Idempotent; must run before the JWT keys are loaded (vertx-auth picks its Signature then). */
  static synchronized void install() {
    if (Security.getProvider(PROVIDER) == null) {
      Security.insertProviderAt(new EcdsaProvider(), 1);
    }
  }

  private static final class EcdsaProvider extends Provider {
    EcdsaProvider() {
      super(PROVIDER, "1.0", "SHA256withECDSA by Bouncy Castle");
      put("Signature.SHA256withECDSA", "org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi$ecDSA256");
    }
  }
}
