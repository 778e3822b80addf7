package io.surge.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ES256 verifier that keeps each key's converted form answers exactly as the JDK's does: it accepts what SunEC
 * signed, SunEC accepts what it signed, and a changed message, a changed signature or another key's signature is
 * refused, also after other keys were used (a kept key must never answer for another).
 */
class FastEcdsaTest {

  private static final byte[] MESSAGE = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZGEifQ".getBytes(StandardCharsets.US_ASCII);

  @Test
  @DisplayName("signatures cross between SunEC and the kept-key verifier both ways")
  void agreesWithTheJdk() throws Exception {
    KeyPair key = keyPair();
    for (int i = 0; i < 20; i++) {
      byte[] message = (new String(MESSAGE, StandardCharsets.US_ASCII) + i).getBytes(StandardCharsets.US_ASCII);
      assertTrue(verify(fast(), key, message, sign(jdk(), key, message)), "SunEC's signature " + i);
      assertTrue(verify(jdk(), key, message, sign(fast(), key, message)), "its own signature, checked by SunEC " + i);
    }
  }

  @Test
  @DisplayName("a changed message, a changed signature or another key's signature is refused")
  void refusesWhatIsNotSigned() throws Exception {
    KeyPair key = keyPair();
    KeyPair other = keyPair();
    byte[] signature = sign(jdk(), key, MESSAGE);
    assertTrue(verify(fast(), key, MESSAGE, signature));

    byte[] changed = MESSAGE.clone();
    changed[changed.length - 1] ^= 1;
    assertFalse(verify(fast(), key, changed, signature), "changed message");
    for (int at : new int[] {8, signature.length / 2, signature.length - 1}) {
      byte[] flipped = signature.clone();
      flipped[at] ^= 0x10;
      assertFalse(verifyOrReject(key, MESSAGE, flipped), "signature changed at byte " + at);
    }
    assertFalse(verify(fast(), other, MESSAGE, signature), "another key");
    assertTrue(verify(fast(), other, MESSAGE, sign(jdk(), other, MESSAGE)), "the other key's own signature");
    assertTrue(verify(fast(), key, MESSAGE, signature), "the first key again, after the other was kept");
  }

  @Test
  @DisplayName("r or s of zero (the ECDSA range check) is refused")
  void refusesOutOfRangeValues() throws Exception {
    KeyPair key = keyPair();
    byte[] zeroR = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01};
    byte[] zeroS = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00};
    assertFalse(verifyOrReject(key, MESSAGE, zeroR));
    assertFalse(verifyOrReject(key, MESSAGE, zeroS));
    assertFalse(verifyOrReject(key, MESSAGE, Arrays.copyOf(sign(jdk(), key, MESSAGE), 10)), "truncated");
  }

  private static boolean verifyOrReject(KeyPair key, byte[] message, byte[] signature) throws Exception {
    try {
      return verify(fast(), key, message, signature);
    } catch (SignatureException malformed) {
      return false;
    }
  }

  /** Through JCA, as vertx-auth reaches it once {@link FastEcdsa#install()} has run. */
  private static Signature fast() throws GeneralSecurityException {
    return Signature.getInstance("SHA256withECDSA", FastEcdsa.provider());
  }

  private static Signature jdk() throws GeneralSecurityException {
    return Signature.getInstance("SHA256withECDSA", "SunEC");
  }

  private static byte[] sign(Signature signature, KeyPair key, byte[] message) throws GeneralSecurityException {
    signature.initSign(key.getPrivate());
    signature.update(message);
    return signature.sign();
  }

  private static boolean verify(Signature signature, KeyPair key, byte[] message, byte[] signed)
    throws GeneralSecurityException {
    signature.initVerify(key.getPublic());
    signature.update(message);
    return signature.verify(signed);
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
