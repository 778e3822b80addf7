package io.surge.users;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class AuthFlowTest {

  private Api api;

  @BeforeEach
  void client(Vertx vertx) {
    api = new Api(vertx);
  }

  @Test
  @DisplayName("registration normalises the email, returns the user without any hash, and refuses a duplicate")
  void register() {
    JsonObject user = api.register("Ada@Example.COM");
    assertEquals("ada@example.com", user.getString("email"));
    assertEquals("customer", user.getJsonArray("roles").getString(0));
    assertFalse(user.encode().contains("argon2"), "no password hash in the response");
    assertFalse(user.containsKey("password_hash"));
    String hash = TestServer.db().query("SELECT password_hash FROM users WHERE email = 'ada@example.com'")
      .execute().await().iterator().next().getString(0);
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);

    Reply duplicate = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "ADA@example.com").put("password", PASSWORD).put("display_name", "Ada again"));
    assertEquals(409, duplicate.status());
    assertEquals("email_taken", duplicate.code());
  }

  @Test
  @DisplayName("a short or common password is refused with a field error and nothing is stored")
  void passwordPolicy() {
    for (String weak : new String[] {"short", "password123", "qwertyuiop"}) {
      Reply reply = api.post("/api/v1/users", null, new JsonObject()
        .put("email", "weak@example.com").put("password", weak).put("display_name", "Weak"));
      assertEquals(400, reply.status(), weak);
      assertEquals("password", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE email = 'weak@example.com'"));
  }

  @Test
  @DisplayName("log in, call /me, rotate the refresh token, and log out")
  void loginRefreshLogout() {
    api.register("grace@example.com");
    JsonObject tokens = api.logIn("grace@example.com", PASSWORD);
    assertEquals("Bearer", tokens.getString("token_type"));
    assertEquals(900, tokens.getInteger("expires_in"));
    assertEquals("grace@example.com",
      api.get("/api/v1/me", tokens.getString("access_token")).json().getString("email"));

    Reply refreshed = api.post("/api/v1/auth/refresh", null,
      new JsonObject().put("refresh_token", tokens.getString("refresh_token")));
    assertEquals(200, refreshed.status(), refreshed::toString);
    String newRefresh = refreshed.json().getString("refresh_token");
    assertNotEquals(tokens.getString("refresh_token"), newRefresh);
    assertEquals(200, api.get("/api/v1/me", refreshed.json().getString("access_token")).status());

    assertEquals(204,
      api.post("/api/v1/auth/logout", null, new JsonObject().put("refresh_token", newRefresh)).status());
    Reply afterLogout = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", newRefresh));
    assertEquals(401, afterLogout.status());
    assertEquals("refresh_token_invalid", afterLogout.code());
  }

  @Test
  @DisplayName("reusing an already-used refresh token revokes the whole family, including its newest token")
  void refreshReuseRevokesFamily() {
    api.register("mallory-target@example.com");
    String first = api.logIn("mallory-target@example.com", PASSWORD).getString("refresh_token");
    String second = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", first)).json()
      .getString("refresh_token");

    Reply reuse = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", first));
    assertEquals(401, reuse.status());
    Reply newest = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", second));
    assertEquals(401, newest.status(), "the family is revoked, so the newest token is dead too");
    assertEquals(0, TestServer.count("SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"));
  }

  @Test
  @DisplayName("wrong password and unknown email get the same 401")
  void badCredentials() {
    api.register("linus@example.com");
    Reply wrong = api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "linus@example.com").put("password", "not-the-password"));
    Reply unknown = api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "nobody@example.com").put("password", "not-the-password"));
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals(wrong.code(), unknown.code());
    assertEquals(wrong.json().getString("detail"), unknown.json().getString("detail"));
  }

  @Test
  @DisplayName("after 10 failed logins in a minute the account answers 429 with Retry-After, even to the right password")
  void loginRateLimit() {
    api.register("target@example.com");
    for (int i = 0; i < 10; i++) {
      assertEquals(401, api.post("/api/v1/auth/token", null,
        new JsonObject().put("email", "target@example.com").put("password", "guess-number-" + i)).status());
    }
    Reply limited = api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "target@example.com").put("password", PASSWORD));
    assertEquals(429, limited.status());
    assertEquals("rate_limited", limited.code());
    assertNotNull(limited.header("Retry-After"));
    assertTrue(Integer.parseInt(limited.header("Retry-After")) > 0);
  }

  @Test
  @DisplayName("behind a trusted proxy the per-IP login limit counts the client named by X-Forwarded-For, not the proxy, "
    + "and ignores what the client wrote further left")
  void perClientIpBehindProxy() {
    for (int i = 0; i < 10; i++) {
      assertEquals(401, login("203.0.113.7", "nobody-" + i + "@example.com").status());
    }
    assertEquals(429, login("203.0.113.7", "someone-else@example.com").status(), "that client is throttled");
    assertEquals(401, login("203.0.113.8", "someone-else@example.com").status(),
      "another client behind the same proxy is not");
    assertEquals(401, login("203.0.113.7, 198.51.100.1", "someone-else@example.com").status(),
      "a client cannot pose as another by prepending an address: the proxy's entry (rightmost) counts");
  }

  private Reply login(String forwardedFor, String email) {
    return api.call(io.vertx.core.http.HttpMethod.POST, "/api/v1/auth/token").header("X-Forwarded-For", forwardedFor)
      .send(new JsonObject().put("email", email).put("password", "not-the-password"));
  }
}
