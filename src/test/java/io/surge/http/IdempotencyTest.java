package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.CrashedClaims;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class IdempotencyTest {

  private static final JsonObject REGISTRATION = new JsonObject()
    .put("email", "once@example.com").put("password", Api.PASSWORD).put("display_name", "Only Once");

  private Api api;

  @BeforeEach
  void client(Vertx vertx) {
    api = new Api(vertx);
  }

  private Future<Reply> register(String key, JsonObject body) {
    return api.call(HttpMethod.POST, "/api/v1/users").header("Idempotency-Key", key)
      .sendAsync(body.toBuffer(), "application/json");
  }

  @Test
  @DisplayName("the same POST with the same key 10 times concurrently creates exactly one user")
  void concurrentSameKey() {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(register("key-concurrent-1", REGISTRATION));
    }
    Wait.forResult(Future.join(replies));
    int created = 0;
    for (Future<Reply> future : replies) {
      Reply reply = future.result();
      assertTrue(reply.status() == 201 || (reply.status() == 409 && "idempotency_key_in_flight".equals(reply.code())),
        reply::toString);
      if (reply.status() == 201 && reply.header("Idempotent-Replayed") == null) {
        created++;
      }
    }
    assertEquals(1, created, "exactly one request did the work");
    assertEquals(1, TestServer.count("SELECT count(*) FROM users WHERE email = 'once@example.com'"));
  }

  @Test
  @DisplayName("a replay returns the first response, marked Idempotent-Replayed; another body with the key gets 422")
  void replayAndMismatch() {
    Reply first = Wait.forResult(register("key-replay-1", REGISTRATION));
    assertEquals(201, first.status());
    assertNull(first.header("Idempotent-Replayed"));

    Reply replay = Wait.forResult(register("key-replay-1", REGISTRATION));
    assertEquals(201, replay.status());
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(first.json(), replay.json());
    assertEquals(first.header("Location"), replay.header("Location"));

    Reply mismatch = Wait.forResult(register("key-replay-1", REGISTRATION.copy().put("display_name", "Someone Else")));
    assertEquals(422, mismatch.status());
    assertEquals("idempotency_key_reused", mismatch.code());
    assertEquals(1, TestServer.count("SELECT count(*) FROM users WHERE email = 'once@example.com'"));
  }

  @Test
  @DisplayName("a failed first attempt is replayed as the same problem, and an invalid key is refused")
  void problemsAreReplayedToo() {
    JsonObject weak = REGISTRATION.copy().put("password", "short");
    Reply first = Wait.forResult(register("key-weak-1", weak));
    assertEquals(400, first.status());
    Reply again = Wait.forResult(register("key-weak-1", weak));
    assertEquals(400, again.status());
    assertEquals("true", again.header("Idempotent-Replayed"));

    Reply badKey = Wait.forResult(register("has spaces in it", REGISTRATION));
    assertEquals(400, badKey.status());
    BadInputTest.assertError(badKey, "Idempotency-Key", "idempotency_key_invalid");
  }

  @Test
  @DisplayName("a missing required header is named like a field: errors[] points at Idempotency-Key with code required")
  void missingHeaderNamed() {
    Reply missing = api.call(HttpMethod.POST, "/api/v1/orders").bearer(api.customerToken()).send(new JsonObject());
    assertEquals(400, missing.status(), missing::toString);
    BadInputTest.assertError(missing, "Idempotency-Key", "required");
  }

  /** What a process killed while serving this registration leaves behind: a claim, no answer, lease ending then. */
  private static void crashedClaim(String key, JsonObject body, int leaseEndsInSeconds) {
    CrashedClaims.leave("anonymous POST /api/v1/users", key, "POST", "/api/v1/users", body, leaseEndsInSeconds, 2);
  }

  @Test
  @DisplayName("a key left in flight by a crashed process answers 409 with Retry-After until its lease ends, then a retry takes it over")
  void crashedClaimIsTakenOver() throws Exception {
    crashedClaim("key-crashed-1", REGISTRATION, 30);
    Reply held = Wait.forResult(register("key-crashed-1", REGISTRATION));
    assertEquals(409, held.status(), held::toString);
    assertEquals("idempotency_key_in_flight", held.code());
    int retryAfter = Integer.parseInt(held.header("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 30, "Retry-After counts down the lease: " + retryAfter);
    assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE email = 'once@example.com'"));

    Wait.forResult(TestServer.db().query("UPDATE idempotency_keys SET lease_until = now() - interval '1 second'")
      .execute());
    Reply retried = Wait.forResult(register("key-crashed-1", REGISTRATION));
    assertEquals(201, retried.status(), retried::toString);
    assertNull(retried.header("Idempotent-Replayed"), "the retry did the work");
    assertEquals(retried.json(), Wait.forResult(register("key-crashed-1", REGISTRATION)).json(),
      "and is the answer replayed from now on");
    assertEquals(1, TestServer.count("SELECT count(*) FROM users WHERE email = 'once@example.com'"));
  }

  @Test
  @DisplayName("an expired lease is taken over only by the same request: another body with the key still gets 422")
  void takeOverOnlyBySameRequest() throws Exception {
    crashedClaim("key-crashed-2", REGISTRATION, -1);
    Reply other = Wait.forResult(register("key-crashed-2", REGISTRATION.copy().put("display_name", "Someone Else")));
    assertEquals(422, other.status(), other::toString);
    assertEquals("idempotency_key_reused", other.code());
  }
}
