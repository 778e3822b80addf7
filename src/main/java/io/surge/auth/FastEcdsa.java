package io.surge.auth;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.DSABase;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ES256 signatures (SHA256withECDSA) by Bouncy Castle instead of the JDK's SunEC, with each verifying key converted
 * once. On Java 17 SunEC verifies a P-256 signature in about 1.0-1.3 ms of CPU and Bouncy Castle through its own JCA
 * class in about 0.2-0.24 ms; in a flash sale every new buyer's first request pays one verification, so this is the
 * per-buyer CPU floor. Most of Bouncy Castle's JCA cost is per call, not the curve arithmetic: it converts the JDK
 * key again and precomputes that point's multiples again for every signature. Verifying with the same converted
 * key (Bouncy Castle's own {@link ECDSASigner}, which keeps a point's precomputed multiples on the point) costs
 * about 0.12 ms through vertx-auth ({@code benchmarks/jwt.sh} measures all three in one run). Only this one
 * algorithm is routed here (a provider placed first that knows nothing else): TLS, random numbers and every other
 * algorithm stay with the JDK.
 */
final class FastEcdsa {

  static final String PROVIDER = "SurgeEcdsa";

  private FastEcdsa() {
  }

  /** Idempotent; must run before the JWT keys are loaded (vertx-auth picks its Signature then). */
  static synchronized void install() {
    if (Security.getProvider(PROVIDER) == null) {
      Security.insertProviderAt(provider(), 1);
    }
  }

  /** The provider {@link #install()} puts first (a fresh instance, for tests that call it by name). */
  static Provider provider() {
    return new EcdsaProvider();
  }

  private static final class EcdsaProvider extends Provider {
    EcdsaProvider() {
      super(PROVIDER, "1.0", "SHA256withECDSA by Bouncy Castle, verifying keys converted once");
      put("Signature.SHA256withECDSA", Es256.class.getName());
    }
  }

  /**
   * Bouncy Castle's SHA256withECDSA (the same digest, signer and DER encoding as its {@code ecDSA256}), except that
   * a verifying key's Bouncy Castle form is kept. Keys are the server's own (the current and the previous signing
   * key), so the map stays tiny; it is cleared if it ever holds more than a handful.
   */
  public static final class Es256 extends DSABase {

    private static final int MAX_KEYS = 16;
    private static final Map<PublicKey, AsymmetricKeyParameter> VERIFYING = new ConcurrentHashMap<>();

    public Es256() {
      super(SHA256Digest.newInstance(), new ECDSASigner(), StandardDSAEncoding.INSTANCE);
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      AsymmetricKeyParameter key = VERIFYING.get(publicKey);
      if (key == null) {
        key = ECUtil.generatePublicKeyParameter(publicKey);
        if (VERIFYING.size() >= MAX_KEYS) {
          VERIFYING.clear();
        }
        VERIFYING.put(publicKey, key);
      }
      digest.reset();
      signer.init(false, key);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
      digest.reset();
      signer.init(true, ECUtil.generatePrivateKeyParameter(privateKey));
    }
  }
}
