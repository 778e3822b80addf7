package io.surge.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The ES256 key pair that signs access tokens, read from configuration (PEM text or PEM files).
 * There is no fallback: without a signing key the server refuses to start.
 */
public record JwtKeys(String privateKeyPem, String publicKeyPem, String keyId, JsonObject jwks) {

  public static JwtKeys fromConfig(JwtSettings jwt) {
    String privatePem = pem(jwt.privateKeyPem(), jwt.privateKeyFile());
    String publicPem = pem(jwt.publicKeyPem(), jwt.publicKeyFile());
    if (privatePem == null || publicPem == null) {
      throw new IllegalStateException("No JWT signing key configured: set jwt.privateKeyPem/jwt.publicKeyPem "
        + "(SURGE_JWT_PRIVATE_KEY_PEM, SURGE_JWT_PUBLIC_KEY_PEM) or jwt.privateKeyFile/jwt.publicKeyFile.");
    }
    ECPublicKey publicKey = parsePublic(publicPem);
    JsonObject jwk = new JsonObject()
      .put("kty", "EC")
      .put("crv", "P-256")
      .put("x", coordinate(publicKey.getW().getAffineX().toByteArray()))
      .put("y", coordinate(publicKey.getW().getAffineY().toByteArray()));
    String kid = thumbprint(jwk);
    jwk.put("kid", kid).put("use", "sig").put("alg", "ES256");
    return new JwtKeys(privatePem, publicPem, kid, new JsonObject().put("keys", new JsonArray().add(jwk)));
  }

  private static String pem(String inline, String file) {
    if (inline != null) {
      return inline.replace("\\n", "\n");
    }
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read JWT key file " + file, e);
    }
  }

  private static ECPublicKey parsePublic(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      return (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException("The JWT public key is not an EC P-256 public key in PEM form", e);
    }
  }

  /** A P-256 coordinate as exactly 32 big-endian bytes, base64url (RFC 7518 section 6.2.1.2). */
  private static String coordinate(byte[] raw) {
    byte[] fixed = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  /** RFC 7638 JWK thumbprint, used as the key id. */
  private static String thumbprint(JsonObject jwk) {
    String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x") + "\",\"y\":\""
      + jwk.getString("y") + "\"}";
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
