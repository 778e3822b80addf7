package io.surge.flashsale;

import io.surge.auth.SessionRevocations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Sale passes: a short-lived ticket, MAC-signed by the server, that lets one buyer buy in one sale. A buyer
 * gets it with the access token while the sale page is open (before the start), so the one ES256
 * verification a new buyer costs is paid before the stampede, not in it; at purchase time the pass is
 * checked with one HMAC-SHA256 (about a microsecond). It is bound to the buyer and the sale, expires with
 * the sale or after {@code flashSales.passTtlSeconds} (never later than an access token would), and its
 * key is derived from the token signing key (same on every instance, rotated with it).
 *
 * <p>A pass ends with the buyer's session: one issued before the buyer's sessions were ended (password change, logout
 * everywhere, role change, account disabled) is refused, checked against the local not-before map (no I/O), and a new
 * one needs a current access token.
 *
 * <p>Wire form: {@code fp2.<base64url(sale id | buyer id | expiry second | issue millisecond)>.<base64url(first 16
 * bytes of the MAC)>}.
 * Not a JWT on purpose: it has one fixed format and one algorithm, so there is no header to negotiate.
 */
final class SalePasses implements AuthenticationProvider {

  static final String HEADER = "X-Flash-Pass";
  static final String PRINCIPAL_SALE = "flash_sale";
  private static final String VERSION = "fp2.";
  private static final int PAYLOAD_BYTES = 16 + 16 + 8 + 8;
  private static final int TAG_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final long ttlSeconds;
  private final SessionRevocations sessions;
  /** Mac instances are not thread-safe; each event loop keeps its own. */
  private final ThreadLocal<Mac> macs;

  SalePasses(byte[] secret, long ttlSeconds, SessionRevocations sessions) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.ttlSeconds = ttlSeconds;
    this.sessions = sessions;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** A pass for this buyer and sale, valid until the sale ends or the pass's lifetime is over, whichever is first. */
  Issued issue(UUID saleId, UUID buyerId, Instant saleEnds, Instant now) {
    Instant expires = saleEnds.isBefore(now.plusSeconds(ttlSeconds)) ? saleEnds : now.plusSeconds(ttlSeconds);
    byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES)
      .putLong(saleId.getMostSignificantBits()).putLong(saleId.getLeastSignificantBits())
      .putLong(buyerId.getMostSignificantBits()).putLong(buyerId.getLeastSignificantBits())
      .putLong(expires.getEpochSecond())
      .putLong(sessions.issueMillis(buyerId.toString())).array();
    String pass = VERSION + ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(tag(payload));
    return new Issued(pass, Instant.ofEpochSecond(expires.getEpochSecond()));
  }

  record Issued(String pass, Instant expiresAt) {
  }

  /** A buyer whose pass checks out: {@code sub} is the buyer, {@code flash_sale} the only sale it may buy in. */
  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token)) {
      return Future.failedFuture("not a pass");
    }
    Verified verified = verify(token.getToken(), Instant.now());
    if (verified == null) {
      return Future.failedFuture("invalid or expired pass");
    }
    return Future.succeededFuture(User.create(new JsonObject()
      .put("sub", verified.buyerId().toString())
      .put("username", verified.buyerId().toString())
      .put("roles", new JsonArray())
      .put(PRINCIPAL_SALE, verified.saleId().toString())));
  }

  record Verified(UUID saleId, UUID buyerId) {
  }

  /** The pass's sale and buyer, or null when it is malformed, forged or expired. */
  Verified verify(String pass, Instant now) {
    if (pass == null || pass.length() > 128 || !pass.startsWith(VERSION)) {
      return null;
    }
    int dot = pass.indexOf('.', VERSION.length());
    if (dot < 0) {
      return null;
    }
    byte[] payload;
    byte[] tag;
    try {
      payload = DECODER.decode(pass.substring(VERSION.length(), dot));
      tag = DECODER.decode(pass.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (payload.length != PAYLOAD_BYTES || tag.length != TAG_BYTES || !MessageDigest.isEqual(tag, tag(payload))) {
      return null;
    }
    ByteBuffer fields = ByteBuffer.wrap(payload);
    UUID saleId = new UUID(fields.getLong(), fields.getLong());
    UUID buyerId = new UUID(fields.getLong(), fields.getLong());
    long expires = fields.getLong();
    long issuedAt = fields.getLong();
    return now.getEpochSecond() < expires && !sessions.ended(buyerId.toString(), null, issuedAt)
      ? new Verified(saleId, buyerId) : null;
  }

  private byte[] tag(byte[] payload) {
    byte[] full = macs.get().doFinal(payload);
    byte[] tag = new byte[TAG_BYTES];
    System.arraycopy(full, 0, tag, 0, TAG_BYTES);
    return tag;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
