import io.surge.auth.AccessTokens;
import io.surge.auth.JwtKeys;
import io.surge.auth.JwtSettings;
import io.surge.auth.SessionRevocations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * What checking an access token costs, per request, on one thread (CPU time): (1) vertx-auth-jwt as it comes
 * (ES256 verified by the JDK's SunEC), (2) Surge's AccessTokens on a token it has not seen (ES256 by
 * Bouncy Castle with the verifying key converted once, claims checked), (3) AccessTokens on a token it has already verified (the verdict
 * cache: what a buyer pressing "buy" again pays). Usage: java -cp CLASSPATH JwtVerify.java [tokens]
 */
public class JwtVerify {

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Vertx vertx = Vertx.vertx();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    JwtSettings config = new JwtSettings("https://surge.example", "surge-api", 900, 2592000, privatePem, publicPem,
      null, null);

    JWTAuth plain = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(publicPem))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(privatePem))
      .setJWTOptions(new JWTOptions().setIssuer("https://surge.example").setAudience(List.of("surge-api"))));
    List<String> tokens = tokens(plain, n);
    double sunEc = perToken(plain, tokens);
    double sunEcAgain = perToken(plain, tokens(plain, n));

    // Bouncy Castle's own JCA class as it comes (what Surge used before it kept converted keys), same run.
    java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
    JWTAuth bouncy = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(publicPem))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(privatePem))
      .setJWTOptions(new JWTOptions().setIssuer("https://surge.example").setAudience(List.of("surge-api"))));
    double bc = perToken(bouncy, tokens(bouncy, n));
    double bcAgain = perToken(bouncy, tokens(bouncy, n));
    java.security.Security.removeProvider("BC");

    // Only the session check's local map is read per request; Redis is not touched on this path.
    AccessTokens surge = new AccessTokens(vertx, config, JwtKeys.fromConfig(config),
      new SessionRevocations(vertx, null, 900)); // installs Bouncy Castle ES256
    List<String> fresh = tokens(surge, n);
    double firstSight = perToken(surge, fresh);
    double firstSightAgain = perToken(surge, tokens(surge, n));
    double cached = perToken(surge, fresh);
    // Sessions ended for 10 000 other users: the not-before map is no longer empty, each check looks its user up.
    java.util.Map<String, Long> notBefore = vertx.sharedData().getLocalMap("surge.sessions.not-before");
    for (int i = 0; i < 10_000; i++) {
      notBefore.put("u:" + UUID.randomUUID(), System.currentTimeMillis());
    }
    double cachedWithEndings = perToken(surge, fresh);
    double cachedWithEndingsAgain = perToken(surge, fresh);

    System.out.printf("ES256 access-token check, one thread, %d tokens per pass (microseconds of CPU per token)%n", n);
    System.out.printf("  vertx-auth-jwt, SunEC (JDK %s):        %8.1f  (second pass %.1f)%n", Runtime.version().feature(), sunEc, sunEcAgain);
    System.out.printf("  vertx-auth-jwt, Bouncy Castle's JCA class: %6.1f  (second pass %.1f)%n", bc, bcAgain);
    System.out.printf("  AccessTokens, new token (Bouncy Castle, key kept): %.1f  (second pass %.1f)  -> %.1fx faster than SunEC, %.1fx than Bouncy Castle's JCA class%n",
      firstSight, firstSightAgain, sunEcAgain / firstSightAgain, bcAgain / firstSightAgain);
    System.out.printf("  AccessTokens, token seen before:         %8.1f%n", cached);
    System.out.printf("  ... with 10 000 ended sessions in the map: %6.1f  (second pass %.1f)%n", cachedWithEndings,
      cachedWithEndingsAgain);
    vertx.close().await();
  }

  static List<String> tokens(JWTAuth signer, int n) {
    List<String> tokens = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tokens.add(signer.generateToken(new JsonObject().put("roles", new JsonArray().add("customer")).put("jti", UUID.randomUUID().toString()),
        new JWTOptions().setAlgorithm("ES256").setIssuer("https://surge.example").setAudience(List.of("surge-api"))
          .setSubject(UUID.randomUUID().toString()).setExpiresInSeconds(900)));
    }
    return tokens;
  }

  /** CPU time of this thread (the check runs on the caller's thread), steadier than wall time on a shared box. */
  static double perToken(JWTAuth auth, List<String> tokens) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    for (String token : tokens) {
      auth.authenticate(new TokenCredentials(token)).await();
    }
    return (threads.getCurrentThreadCpuTime() - start) / 1000.0 / tokens.size();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
