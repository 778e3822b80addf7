package io.surge.payments;

import io.vertx.core.buffer.Buffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code Stripe-Signature} scheme: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>}.
 * Several {@code v1} values may be present (the provider signs with old and new secret while one is rotated),
 * and Surge may hold several secrets for the same reason: any match of any pair is enough. Comparison is in
 * constant time; a timestamp further than the tolerance from now (either way) is refused, so a captured
 * delivery cannot be replayed later.
 */
public final class WebhookSignature {

  public static final String HEADER = "Stripe-Signature";

  private final List<byte[]> secrets;
  private final long toleranceSeconds;

  /** {@code secrets}: one or more, comma-separated. */
  public WebhookSignature(String secrets, long toleranceSeconds) {
    this.secrets = new ArrayList<>();
    for (String secret : secrets.split(",")) {
      if (!secret.isBlank()) {
        this.secrets.add(secret.trim().getBytes(StandardCharsets.UTF_8));
      }
    }
    this.toleranceSeconds = toleranceSeconds;
  }

  /** Why a delivery is refused, or null when it is authentic. */
  public String problem(String header, Buffer rawBody, long nowSeconds) {
    if (header == null || header.isBlank()) {
      return "missing " + HEADER + " header";
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if ("t".equals(key)) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return "unreadable timestamp";
        }
      } else if ("v1".equals(key)) {
        try {
          signatures.add(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
          // not hex: cannot match; other v1 values still may
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return "no timestamp or no v1 signature";
    }
    if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
      return "timestamp outside the tolerance";
    }
    boolean match = false;
    for (byte[] secret : secrets) {
      byte[] expected = sign(secret, timestamp, rawBody);
      for (byte[] signature : signatures) {
        match |= MessageDigest.isEqual(expected, signature);
      }
    }
    return match ? null : "no signature matches";
  }

  /** The header a provider would send for this body (the dev sandbox and tests sign with it). */
  public static String header(String secret, long timestamp, Buffer rawBody) {
    return "t=" + timestamp + ",v1="
      + HexFormat.of().formatHex(sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, rawBody));
  }

  static byte[] sign(byte[] secret, long timestamp, Buffer rawBody) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      mac.update(rawBody.getBytes());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
