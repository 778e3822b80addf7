package io.surge.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies access JWTs. Verification follows RFC 8725: the algorithm is pinned to ES256
 * (checked on the header before any crypto), and {@code iss}, {@code aud}, {@code exp}, {@code iat},
 * {@code sub} and {@code jti} must all be present and valid. Vert.x always writes {@code typ: JWT};
 * access tokens are the only JWTs Surge issues (refresh tokens are opaque), so there is nothing to confuse them with.
 * A token whose session was ended ({@link SessionRevocations}) is refused like an expired one.
 */
public final class AccessTokens implements JWTAuth {

  public static final String ALGORITHM = "ES256";
  private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

  private final JWTAuth jwt;
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final String keyId;
  private final JsonObject jwks;
  /** Verdicts shared by every instance in the process that checks with the same key, issuer and audience. */
  private static final Map<String, Cache<String, Verified>> VERDICTS = new ConcurrentHashMap<>();
  private final Cache<String, Verified> verified;
  private final String privateKeyPem;
  private final SessionRevocations sessions;
  /**
   * One verifier per thread: vertx-auth verifies every token of a key through one JCA Signature under a lock, so
   * with one shared instance every event loop would wait in turn for each new buyer's ES256 check (a ceiling of
   * one core's worth of verifications, whatever the machine). Signing (log-in, refresh) stays on {@link #jwt}.
   */
  private final ThreadLocal<JWTAuth> verifiers;

  public AccessTokens(Vertx vertx, JwtSettings settings, JwtKeys keys, SessionRevocations sessions) {
    this.sessions = sessions;
    this.issuer = settings.issuer();
    this.audience = settings.audience();
    this.ttlSeconds = settings.accessTtlSeconds();
    this.keyId = keys.keyId();
    this.jwks = keys.jwks();
    this.privateKeyPem = keys.privateKeyPem();
    this.verified = VERDICTS.computeIfAbsent(keyId + ' ' + issuer + ' ' + audience,
      k -> Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(15)).build());
    FastEcdsa.install();
    JWTOptions checks = new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setLeeway(5);
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem()).setId(keyId))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privateKeyPem()).setId(keyId))
      .setJWTOptions(checks));
    this.verifiers = ThreadLocal.withInitial(() -> JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem()).setId(keyId))
      .setJWTOptions(checks)));
  }

  /** A signed access token for the user with these roles, belonging to one login (its refresh-token family). */
  public String issue(String userId, String sessionId, JsonArray roles) {
    return jwt.generateToken(
      new JsonObject().put("roles", roles).put("jti", UUID.randomUUID().toString())
        .put(SessionRevocations.SESSION_CLAIM, sessionId)
        .put(SessionRevocations.ISSUED_MILLIS_CLAIM, sessions.issueMillis(userId)),
      new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setHeader(new JsonObject().put("kid", keyId))
        .setIssuer(issuer)
        .setAudience(List.of(audience))
        .setSubject(userId)
        .setExpiresInSeconds(ttlSeconds));
  }

  /** The public key set, served at {@code /.well-known/jwks.json}. */
  public JsonObject jwks() {
    return jwks;
  }

  /**
   * A 32-byte secret for another purpose (e.g. MAC-signed flash-sale passes), derived from the signing key by
   * HKDF-SHA256 with the purpose as info: every instance that can issue tokens derives the same one, it rotates
   * with the signing key, and it reveals nothing about that key.
   */
  public byte[] derivedSecret(String purpose) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(privateKeyPem.getBytes(StandardCharsets.UTF_8), keyId.getBytes(StandardCharsets.UTF_8),
      purpose.getBytes(StandardCharsets.UTF_8)));
    byte[] secret = new byte[32];
    hkdf.generateBytes(secret, 0, secret.length);
    return secret;
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public SessionRevocations sessions() {
    return sessions;
  }

  /** When the token expires (exp, in milliseconds). */
  public static long expiresAtMillis(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    return claims.getLong("exp", Long.MAX_VALUE / 1000) * 1000;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token)) {
      return Future.failedFuture("invalid token");
    }
    // A remembered verdict is for this very string, whose header was checked when it was verified: no need to decode
    // and parse it again on every request (it was ~1.4% of the server's CPU in a durable flash-sale run).
    Verified known = verified.getIfPresent(token.getToken());
    if (known != null && known.expiresAtMillis() > System.currentTimeMillis()) {
      return sessions.ended(known.user().subject(), known.sessionId(), known.issuedAtMillis())
        ? ended() : Future.succeededFuture(known.user());
    }
    if (!headerIsPinned(token.getToken())) {
      LOG.debug("Access token refused: header alg is not {}", ALGORITHM);
      return Future.failedFuture("invalid token");
    }
    return verifiers.get().authenticate(credentials)
      .onFailure(e -> LOG.debug("Access token refused: {}", e.getMessage()))
      // Vert.x moves exp/iat out of the principal; the full decoded payload stays in the attributes.
      .compose(user -> {
        JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
        if (!hasRequiredClaims(claims)) {
          return Future.failedFuture("token lacks required claims");
        }
        if (claims.getLong("exp") * 1000 <= System.currentTimeMillis()) {
          // The leeway is for a token issued on an instance whose clock runs ahead (iat); expiry is exact, as for a
          // remembered verdict and for open streams.
          return Future.failedFuture("token expired");
        }
        Verified fresh = new Verified(user, claims.getLong("exp") * 1000,
          user.principal().getString(SessionRevocations.SESSION_CLAIM), SessionRevocations.issuedAtMillis(user));
        verified.put(token.getToken(), fresh);
        return sessions.ended(user.subject(), fresh.sessionId(), fresh.issuedAtMillis())
          ? ended() : Future.succeededFuture(user);
      });
  }

  /**
   * A token whose signature and claims were checked, until its {@code exp}. ES256 verification costs
   * about 0.1 ms of CPU even with {@link FastEcdsa}; a buyer hammering "buy" in a flash sale presents the same token again
   * and again, so it is verified once. Revocation does not go through the verdict: whether the token's session
   * has ended is checked on every use, against the local not-before map (no I/O).
   */
  private record Verified(User user, long expiresAtMillis, String sessionId, long issuedAtMillis) {
  }

  private static Future<User> ended() {
    LOG.debug("Access token refused: its session has ended");
    return Future.failedFuture("session ended");
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return jwt.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return jwt.generateToken(claims);
  }

  private boolean hasRequiredClaims(JsonObject claims) {
    return claims.getValue("exp") instanceof Number
      && claims.getValue("iat") instanceof Number
      && claims.getValue("sub") instanceof String subject && isUserId(subject)
      && claims.getValue("jti") instanceof String
      && issuer.equals(claims.getValue("iss"))
      && claims.containsKey("aud")
      && claims.getValue("roles") instanceof JsonArray
      || logMissingClaims(claims);
  }

  /** Handlers read the subject as a user id: a token naming anything else names nobody (401, not a 500 later). */
  private static boolean isUserId(String subject) {
    try {
      return subject.length() == 36 && UUID.fromString(subject).toString().equalsIgnoreCase(subject);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean logMissingClaims(JsonObject claims) {
    LOG.debug("Access token refused: required claims missing in {}", claims.fieldNames());
    return false;
  }

  /** Refuses any token whose header names another algorithm, before any crypto. */
  private static boolean headerIsPinned(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return ALGORITHM.equals(header.getString("alg"));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
