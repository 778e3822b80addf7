package io.surge.users;

import io.surge.SurgeServer;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Password guessing and hashing floods: throttled per account and per address, and a bounded hashing queue. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PasswordAbuseTest {

  private Vertx vertx;
  private Api api;
  private JsonObject security;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
    security = TestServer.config().getJsonObject("security");
  }

  @Test
  @DisplayName("wrong current passwords on a password change are throttled (429 with Retry-After), even the right one")
  void passwordChangeGuesses() {
    String email = "guessed-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    String token = api.logIn(email, PASSWORD).getString("access_token");
    int limit = security.getInteger("loginMaxFailures");
    for (int i = 0; i < limit; i++) {
      Reply wrong = change(token, "wrong-guess-" + i);
      assertEquals(400, wrong.status(), wrong::toString);
    }
    Reply limited = change(token, PASSWORD);
    assertEquals(429, limited.status(), limited::toString);
    assertNotNull(limited.header("Retry-After"));
    assertEquals(200, api.get("/api/v1/me", token).status(), "nothing changed, the session lives");
  }

  @Test
  @DisplayName("an attacker guessing from other addresses is throttled while the owner still logs in from their own")
  void ownerNotLockedOut() {
    String email = "owner-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    String home = "198.51.100.10";
    assertEquals(200, logIn(home, email, PASSWORD).status(), "the owner's address becomes known");

    int perPair = security.getInteger("loginMaxFailures");
    int perAccount = security.getInteger("loginMaxFailuresPerAccount");
    String attacker = "203.0.113.66";
    for (int i = 0; i < perPair; i++) {
      assertEquals(401, logIn(attacker, email, "guess-" + i).status());
    }
    assertEquals(429, logIn(attacker, email, PASSWORD).status(),
      "the attacker's address is throttled for this account");
    assertEquals(200, logIn(home, email, PASSWORD).status(), "the owner is not");

    // spread over many addresses, under the per-address limit each: the account-wide limit stops them
    for (int i = perPair; i < perAccount; i++) {
      assertEquals(401, logIn("203.0.113." + (100 + i / 5), email, "spread-guess-" + i).status(), "guess " + i);
    }
    Reply stranger = logIn("192.0.2.200", email, PASSWORD);
    assertEquals(429, stranger.status(), "a new address is throttled for this account: " + stranger);
    assertTrue(Integer.parseInt(stranger.header("Retry-After")) > 0);
    assertEquals(200, logIn(home, email, PASSWORD).status(), "the owner still logs in from home");
  }

  @Test
  @DisplayName("a burst of registrations is refused fast with 503 and Retry-After beyond the hashing queue, "
    + "and a login during it still succeeds")
  void hashingQueueBounded() {
    String email = "steady-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    int burst = security.getInteger("passwordHashQueue") * 3;
    // all at once: one connection each
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(TestServer.get().httpPort()), new PoolOptions().setHttp1MaxSize(burst));
    List<Future<Reply>> registrations = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      registrations.add(client.post("/api/v1/users").putHeader("X-Forwarded-For", "192.0.2." + (i % 250))
        .sendJsonObject(new JsonObject().put("email", "burst-" + i + "-" + UUID.randomUUID() + "@example.com")
          .put("password", PASSWORD).put("display_name", "Burst " + i))
        .map(response -> new Reply(response.statusCode(), response.headers(), response.bodyAsBuffer())));
    }
    Reply login = api.post("/api/v1/auth/token", null, new JsonObject().put("email", email).put("password", PASSWORD));
    assertEquals(200, login.status(), "a login is not starved by registrations: " + login);

    int created = 0;
    int busy = 0;
    for (Future<Reply> registration : registrations) {
      Reply reply = Wait.forResult(registration);
      if (reply.status() == 201) {
        created++;
      } else {
        assertEquals(503, reply.status(), reply::toString);
        assertEquals("password_check_busy", reply.code());
        assertEquals("1", reply.header("Retry-After"));
        busy++;
      }
    }
    assertTrue(busy > 0, "the queue is bounded: some of " + burst + " were refused (" + created + " created)");
    assertTrue(created > 0, "and some went through");
  }

  @Test
  @DisplayName("new accounts are limited per client address (429 with Retry-After) before any hashing; other addresses "
    + "are not held")
  void registrationsPerAddress(Vertx vertx) throws Exception {
    JsonObject config = TestServer.secondServerConfig();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // a second instance with a small limit (the shared test server has none: every test registers from 127.0.0.1)
    config.getJsonObject("http").put("port", port).put("instances", 1);
    config.put("security", config.getJsonObject("security").copy().put("registrationsPerAddress", 3));
    Vertx second = Vertx.vertx();
    try {
      Wait.forResult(SurgeServer.start(second, config));
      Api there = new Api(vertx, port);
      for (int i = 0; i < 3; i++) {
        assertEquals(201, register(there, "198.51.100.77", "reg-" + i).status());
      }
      Reply limited = register(there, "198.51.100.77", "reg-4");
      assertEquals(429, limited.status(), limited::toString);
      assertTrue(Integer.parseInt(limited.header("Retry-After")) > 0);
      assertEquals(201, register(there, "198.51.100.78", "reg-5").status(), "another address is not held");
      assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE display_name = 'Reg reg-4'"));
    } finally {
      Wait.forResult(second.close());
    }
  }

  private static Reply register(Api api, String address, String name) {
    return api.call(HttpMethod.POST, "/api/v1/users").header("X-Forwarded-For", address)
      .send(new JsonObject().put("email", name + "-" + UUID.randomUUID() + "@example.com").put("password", PASSWORD)
        .put("display_name", "Reg " + name));
  }

  private Reply change(String token, String current) {
    return api.post("/api/v1/me/password", token,
      new JsonObject().put("current_password", current).put("new_password", "a-brand-new-passphrase"));
  }

  private Reply logIn(String address, String email, String password) {
    return api.call(HttpMethod.POST, "/api/v1/auth/token").header("X-Forwarded-For", address)
      .send(new JsonObject().put("email", email).put("password", password));
  }
}
