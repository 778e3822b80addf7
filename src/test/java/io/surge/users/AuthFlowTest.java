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
  @DisplayName("registration's Location names a route that exists: the new user's own /api/v1/me once signed in")
  void registrationLocation() {
    Reply created = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "grace@example.com").put("password", PASSWORD).put("display_name", "Grace"));
    assertEquals(201, created.status(), created::toString);
    assertEquals("/api/v1/me", created.header("Location"));
    String token = api.logIn("grace@example.com", PASSWORD).getString("access_token");
    Reply me = api.get(created.header("Location"), token);
    assertEquals(200, me.status(), me::toString);
    assertEquals(created.json().getString("id"), me.json().getString("id"));
  }

  @Test
  @DisplayName("in dev mode the token issuer is this server's own address, on whichever port it listens")
  void devIssuerFollowsThePort() {
    String token = api.customerToken();
    JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("http://localhost:" + TestServer.get().httpPort(), claims.getString("iss"));
  }

  @Test
  @DisplayName("a short, common, guessable or email-based password is refused with a field error a person understands, "
    + "and nothing is stored")
  void passwordPolicy() {
    String email = "weak@example.com";
    String[][] cases = {{"short", "too_short"}, {"password123", "too_common"}, {"qwertyuiop", "too_common"},
      {"aaaaaaaaaa", "too_weak"}, {"Summer2024!", "too_weak"}, {"password!!", "too_weak"},
      {"weak@example.com", "contains_email"}, {"weak@example.com!2024", "contains_email"}};
    for (String[] weak : cases) {
      Reply reply = api.post("/api/v1/users", null, new JsonObject()
        .put("email", email).put("password", weak[0]).put("display_name", "Weak"));
      assertEquals(400, reply.status(), weak[0]);
      JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
      assertEquals("password", error.getString("field"), weak[0]);
      assertEquals(weak[1], error.getString("code"), weak[0]);
      assertTrue(error.getString("message").length() > 20, () -> weak[0] + ": " + error);
    }
    assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE email = 'weak@example.com'"));
    Reply strong = api.post("/api/v1/users", null, new JsonObject()
      .put("email", email).put("password", "lantern-orbit-pickle-harbor").put("display_name", "Weak"));
    assertEquals(201, strong.status(), strong::toString);
  }

  @Test
  @DisplayName("a new password gets the same strength check, with the account's email and name as known words")
  void newPasswordPolicy() {
    api.register("hopper@example.com");
    String token = api.logIn("hopper@example.com", PASSWORD).getString("access_token");
    for (String weak : new String[] {"Summer2024!", "hopper@example.com", "aaaaaaaaaa"}) {
      Reply reply = api.post("/api/v1/me/password", token,
        new JsonObject().put("current_password", PASSWORD).put("new_password", weak));
      assertEquals(400, reply.status(), weak);
      assertEquals("new_password", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(200, api.get("/api/v1/me", token).status(), "a refused change ends no session");
  }

  @Test
  @DisplayName("emails are NFKC-normalised (a full-width letter is the letter) and one script per part; names are "
    + "normalised and never blank")
  void lookAlikeIdentities() {
    Reply fullWidth = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "\uff41dmin@surge.local").put("password", PASSWORD).put("display_name", "Not the admin"));
    assertEquals(409, fullWidth.status(), "ａdmin@surge.local is admin@surge.local: " + fullWidth);
    assertEquals("email_taken", fullWidth.code());

    Reply cyrillic = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "\u0430dmin@surge.local").put("password", PASSWORD).put("display_name", "Not the admin"));
    assertEquals(400, cyrillic.status(), cyrillic::toString);
    assertEquals("email", cyrillic.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals("mixed_scripts", cyrillic.json().getJsonArray("errors").getJsonObject(0).getString("code"));

    Reply invisible = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "ad\u200bmin@surge.local").put("password", PASSWORD).put("display_name", "Not the admin"));
    assertEquals(400, invisible.status(), invisible::toString);

    for (String blank : new String[] {"   ", "\u3000\u200b", "\t \u00a0"}) {
      Reply reply = api.post("/api/v1/users", null, new JsonObject()
        .put("email", "blank-name@example.com").put("password", PASSWORD).put("display_name", blank));
      assertEquals(400, reply.status(), reply::toString);
      assertEquals("display_name", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE email = 'blank-name@example.com'"));

    Reply spaced = api.post("/api/v1/users", null, new JsonObject()
      .put("email", "\uff41da.l@example.com").put("password", PASSWORD).put("display_name", "  Ada \u3000  Lovelace "));
    assertEquals(201, spaced.status(), spaced::toString);
    assertEquals("ada.l@example.com", spaced.json().getString("email"));
    assertEquals("Ada Lovelace", spaced.json().getString("display_name"));
    assertEquals(200, api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "ADA.L@example.com").put("password", PASSWORD)).status());

    String token = api.logIn("ada.l@example.com", PASSWORD).getString("access_token");
    Reply blankPatch = api.call(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/me").bearer(token)
      .send(new JsonObject().put("display_name", " \u200b "));
    assertEquals(400, blankPatch.status(), blankPatch::toString);
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
  @DisplayName("after 10 failed logins in a minute from one address the account answers 429 with Retry-After there, "
    + "even to the right password")
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
    int perAddress = TestServer.config().getJsonObject("security").getInteger("loginMaxFailuresPerAddress");
    for (int i = 0; i < perAddress; i++) {
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
