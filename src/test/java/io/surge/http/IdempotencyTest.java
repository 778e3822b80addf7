package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
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
  }
}
