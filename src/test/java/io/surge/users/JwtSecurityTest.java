package io.surge.users;

import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 8725 checks: every forged, mangled or incomplete access token gets 401. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class JwtSecurityTest {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Api api;
  private JWTAuth serverKey;
  private String userId;
  private String issuer;
  private String audience;
  private String publicPem;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    api = new Api(vertx);
    userId = api.register("jwt-" + UUID.randomUUID() + "@example.com").getString("id");
    JsonObject jwt = TestServer.config().getJsonObject("jwt");
    issuer = jwt.getString("issuer");
    audience = jwt.getString("audience");
    publicPem = Files.readString(Path.of(jwt.getString("publicKeyFile")));
    // The server's own signing key: forged tokens below are validly signed, so only the claim checks stop them.
    serverKey = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setBuffer(Files.readString(Path.of(jwt.getString("privateKeyFile"))))));
  }

  private String sign(JWTOptions options) {
    options.setAlgorithm("ES256").setHeader(new JsonObject().put("typ", "at+jwt"));
    return serverKey.generateToken(new JsonObject().put("roles", new JsonArray().add("customer"))
      .put("jti", UUID.randomUUID().toString()), options);
  }

  private JWTOptions valid() {
    return new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setSubject(userId)
      .setExpiresInSeconds(300);
  }

  private void assertRejected(String token, String why) {
    assertEquals(401, api.get("/api/v1/me", token).status(), why);
  }

  @Test
  @DisplayName("a correctly signed token with all claims is accepted (the control case)")
  void validTokenAccepted() {
    assertEquals(200, api.get("/api/v1/me", sign(valid())).status());
  }

  @Test
  @DisplayName("alg none is refused")
  void algNone() {
    String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
    String payload = sign(valid()).split("\\.")[1];
    assertRejected(header + "." + payload + ".", "alg none");
  }

  @Test
  @DisplayName("HS256 signed with the public key as the HMAC secret is refused (algorithm confusion)")
  void hs256WithPublicKey() throws Exception {
    String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
    String payload = sign(valid()).split("\\.")[1];
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(publicPem.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = B64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    assertRejected(header + "." + payload + "." + signature, "HS256 with public key");
  }

  @Test
  @DisplayName("wrong audience, wrong issuer, expired, or no exp: refused")
  void badClaims() {
    assertRejected(sign(valid().setAudience(List.of("another-api"))), "wrong aud");
    assertRejected(sign(valid().setIssuer("https://evil.example")), "wrong iss");
    assertRejected(sign(new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setSubject(userId)),
      "no exp");
    long past = System.currentTimeMillis() / 1000 - 3600;
    assertRejected(expired(new JsonObject().put("iss", issuer).put("aud", audience).put("sub", userId)
      .put("iat", past - 600).put("exp", past).put("jti", "expired").put("roles", new JsonArray().add("customer"))),
      "expired");
  }

  @Test
  @DisplayName("a validly signed token whose sub is not a user id is refused with 401 everywhere, never a 500")
  void subjectMustBeAUserId() {
    for (String subject : List.of("admin", "not-a-uuid-at-all-but-36-chars-long!", userId + "x", "")) {
      String token = sign(valid().setSubject(subject));
      for (String path : List.of("/api/v1/me", "/api/v1/orders", "/api/v1/me/addresses", "/api/v1/support/tickets")) {
        assertEquals(401, api.get(path, token).status(), subject + " on " + path);
      }
    }
  }

  /** A token whose claims, exp included, are exactly these. */
  private String expired(JsonObject claims) {
    return serverKey.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true)
      .setHeader(new JsonObject().put("typ", "at+jwt")));
  }

  @Test
  @DisplayName("a bad signature or a truncated token is refused")
  void badSignatureAndTruncated() {
    String token = sign(valid());
    String[] parts = token.split("\\.");
    char last = parts[2].charAt(5);
    String flipped = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A')
      + parts[2].substring(6);
    assertRejected(flipped, "bad signature");
    assertRejected(parts[0] + "." + parts[1], "no signature part");
    assertRejected(token.substring(0, token.length() / 2), "cut in half");
    assertRejected("not-a-jwt", "garbage");
  }
}
