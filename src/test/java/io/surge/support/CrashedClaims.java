package io.surge.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a process killed while serving a request with an Idempotency-Key leaves behind: the key claimed under a lease,
 * no answer recorded.
 */
public final class CrashedClaims {

  private CrashedClaims() {
  }

  /**
   * Leaves a claim of {@code key} for {@code method path body} in {@code scope} ("user-id METHOD path", or
   * "anonymous ..."), made {@code ageMinutes} ago, its lease ending {@code leaseEndsInSeconds} from now.
   */
  public static void leave(String scope, String key, String method, String path, JsonObject body,
    int leaseEndsInSeconds, int ageMinutes) {
    Wait.forResult(TestServer.db().preparedQuery("INSERT INTO idempotency_keys (scope, key, request_hash, claim_id, "
      + "lease_until, created_at) VALUES ($1, $2, $3, gen_random_uuid(), now() + make_interval(secs => $4::int), "
      + "now() - make_interval(mins => $5::int))")
      .execute(Tuple.of(scope, key, Buffer.buffer(requestHash(method, path, body)), leaseEndsInSeconds, ageMinutes)));
  }

  /** The hash Surge keeps of a request: SHA-256 of its method, URI and body, as sent. */
  static byte[] requestHash(String method, String path, JsonObject body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(method.getBytes(StandardCharsets.UTF_8));
      digest.update(path.getBytes(StandardCharsets.UTF_8));
      digest.update(body.toBuffer().getBytes());
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
