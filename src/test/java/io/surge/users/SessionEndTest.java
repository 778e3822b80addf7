package io.surge.users;

import io.surge.orders.push.OrderEventStream;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ServerProcess;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a session ends x every way a client is connected: within a second of the ending, the REST call is
 * refused (401), the order-event stream is closed with a {@code session_ended} event, and the chat socket is closed
 * with 1008.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class SessionEndTest {

  private static final String NEW_PASSWORD = "a-brand-new-passphrase";
  private static final long WITHIN_MILLIS = 1000;

  enum Ending { PASSWORD_CHANGE, LOGOUT, LOGOUT_EVERYWHERE, ROLE_CHANGE, ACCOUNT_DISABLED, TOKEN_EXPIRY }

  enum Client { REST, SSE, WEBSOCKET }

  private Vertx vertx;
  private Api api;
  private String admin;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
    admin = api.adminToken();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Ending ending : Ending.values()) {
      for (Client client : Client.values()) {
        cases.add(Arguments.of(ending, client));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} ends a {1} client within a second")
  @MethodSource("matrix")
  void sessionEnds(Ending ending, Client client) throws Exception {
    Login login = login();
    String token = ending == Ending.TOKEN_EXPIRY ? shortLived(login.userId(), 3) : login.access();
    Connection connection = open(client, token);
    long endedAt = end(ending, login, token);
    connection.awaitRefused(endedAt + WITHIN_MILLIS);
    assertEquals(401, api.get("/api/v1/me", token).status(), "the token stays refused");
  }

  @Test
  @DisplayName("an order-event stream ended with its session gives its place back: one customer, more streams one after "
    + "another than may be open at once, each on a connection that stays open")
  void endedStreamsFreeTheirPlace() throws Exception {
    Login first = login();
    for (int i = 0; i <= OrderEventStream.MAX_STREAMS_PER_USER; i++) {
      Login login = i == 0 ? first : login(first.email());
      Connection stream = openStream(login.access());
      long endedAt = end(Ending.LOGOUT, login, login.access());
      stream.awaitRefused(endedAt + WITHIN_MILLIS);
    }
  }

  @Test
  @DisplayName("after a session ends, a new login works at once; logout ends only that login")
  void newLoginsWork() {
    Login login = login();
    Login other = login(login.email());
    assertEquals(204, api.post("/api/v1/auth/logout", null,
      new JsonObject().put("refresh_token", login.refresh())).status());
    assertEquals(401, api.get("/api/v1/me", login.access()).status(), "the logged-out login is refused");
    assertEquals(200, api.get("/api/v1/me", other.access()).status(), "another login of the same user lives on");

    Reply changed = api.post("/api/v1/me/password", other.access(),
      new JsonObject().put("current_password", PASSWORD).put("new_password", NEW_PASSWORD));
    assertEquals(204, changed.status(), changed::toString);
    assertEquals(401, api.get("/api/v1/me", other.access()).status());
    assertEquals(401, api.post("/api/v1/auth/refresh", null,
      new JsonObject().put("refresh_token", other.refresh())).status(), "refresh tokens are revoked too");
    JsonObject fresh = api.logIn(login.email(), NEW_PASSWORD);
    assertEquals(200, api.get("/api/v1/me", fresh.getString("access_token")).status(),
      "a token issued right after the change is good");
  }

  @Test
  @DisplayName("a role change refuses old tokens; a refresh brings a token with the new roles")
  void roleChangeRefresh() {
    Login login = login();
    Reply agentRoute = api.get("/api/v1/support/agent/tickets", login.access());
    assertEquals(403, agentRoute.status(), agentRoute::toString);
    setRoles(login.userId(), "customer", "agent");
    assertEquals(401, api.get("/api/v1/me", login.access()).status());
    Reply refreshed = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", login.refresh()));
    assertEquals(200, refreshed.status(), refreshed::toString);
    String promoted = refreshed.json().getString("access_token");
    assertEquals(200, api.get("/api/v1/support/agent/tickets", promoted).status(),
      "the new token carries the agent role");

    setRoles(login.userId(), "customer");
    assertEquals(401, api.get("/api/v1/support/agent/tickets", promoted).status(),
      "a demoted agent's token is refused");
  }

  @Test
  @DisplayName("a disabled account cannot log in or refresh until it is enabled again; an admin cannot disable themself")
  void disableAndEnable() {
    Login login = login();
    Reply disabled = api.post("/api/v1/admin/users/" + login.userId() + "/disable", admin, null);
    assertEquals(200, disabled.status(), disabled::toString);
    assertTrue(disabled.json().getBoolean("disabled"));
    Reply refused = api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", login.email()).put("password", PASSWORD));
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("account_disabled", refused.code());
    assertEquals(401, api.post("/api/v1/auth/refresh", null,
      new JsonObject().put("refresh_token", login.refresh())).status());

    Reply enabled = api.post("/api/v1/admin/users/" + login.userId() + "/enable", admin, null);
    assertEquals(200, enabled.status(), enabled::toString);
    assertEquals(false, enabled.json().getBoolean("disabled"));
    assertEquals(200, api.get("/api/v1/me", api.logIn(login.email(), PASSWORD).getString("access_token")).status());

    String adminId = api.get("/api/v1/me", admin).json().getString("id");
    Reply self = api.post("/api/v1/admin/users/" + adminId + "/disable", admin, null);
    assertEquals(409, self.status(), self::toString);
    assertEquals("cannot_disable_self", self.code());
  }

  @Test
  @DisplayName("a session ended on one instance is refused on another within a second, and by an instance started later")
  void everyInstance() {
    Login before = login();
    assertEquals(204, api.post("/api/v1/auth/logout-everywhere", before.access(), null).status());
    try (ServerProcess other = ServerProcess.start()) {
      Api there = new Api(vertx, other.port());
      assertEquals(401, there.get("/api/v1/me", before.access()).status(),
        "an instance started after the ending reads it from Redis");
      Login login = login();
      assertEquals(200, there.get("/api/v1/me", login.access()).status(), "the token works on the other instance");
      Reply out = api.post("/api/v1/auth/logout-everywhere", login.access(), null);
      assertEquals(204, out.status(), out::toString);
      long endedAt = System.currentTimeMillis();
      Wait.until("the other instance refuses the token", Duration.ofMillis(WITHIN_MILLIS), Duration.ofMillis(50),
        () -> there.get("/api/v1/me", login.access()).status(), status -> status == 401);
      assertTrue(System.currentTimeMillis() - endedAt < 2 * WITHIN_MILLIS);

      Login second = login(login.email());
      assertEquals(200, api.get("/api/v1/me", second.access()).status());
      Reply changed = there.post("/api/v1/me/password", second.access(),
        new JsonObject().put("current_password", PASSWORD).put("new_password", NEW_PASSWORD));
      assertEquals(204, changed.status(), changed::toString);
      Wait.until("this instance refuses the token ended there", Duration.ofMillis(WITHIN_MILLIS),
        Duration.ofMillis(50), () -> api.get("/api/v1/me", second.access()).status(), status -> status == 401);
    }
  }

  // ---- the endings ----

  /** Ends the session one way; returns the instant it ended (for an expiry: the token's expiry). */
  private long end(Ending ending, Login login, String token) throws Exception {
    switch (ending) {
      case PASSWORD_CHANGE -> {
        Reply changed = api.post("/api/v1/me/password", login.access(),
          new JsonObject().put("current_password", PASSWORD).put("new_password", NEW_PASSWORD));
        assertEquals(204, changed.status(), changed::toString);
      }
      case LOGOUT -> assertEquals(204, api.post("/api/v1/auth/logout", null,
        new JsonObject().put("refresh_token", login.refresh())).status());
      case LOGOUT_EVERYWHERE -> {
        // from another login of the same user: every login ends, not only the caller's
        String other = login(login.email()).access();
        assertEquals(204, api.post("/api/v1/auth/logout-everywhere", other, null).status());
      }
      case ROLE_CHANGE -> setRoles(login.userId(), "customer", "agent");
      case ACCOUNT_DISABLED -> {
        Reply disabled = api.post("/api/v1/admin/users/" + login.userId() + "/disable", admin, null);
        assertEquals(200, disabled.status(), disabled::toString);
      }
      case TOKEN_EXPIRY -> {
        return expiresAt(token);
      }
      default -> throw new IllegalArgumentException(ending.name());
    }
    return System.currentTimeMillis();
  }

  private void setRoles(String userId, String... roles) {
    Reply reply = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + userId + "/roles").bearer(admin)
      .send(new JsonObject().put("roles", new JsonArray(List.of((Object[]) roles))));
    assertEquals(200, reply.status(), reply::toString);
  }

  // ---- the clients ----

  private interface Connection {
    /** Fails unless the connection is refused (or closed) by {@code deadline}. */
    void awaitRefused(long deadline);
  }

  private Connection open(Client client, String token) {
    return switch (client) {
      case REST -> {
        assertEquals(200, api.get("/api/v1/me", token).status());
        yield deadline -> Wait.until("GET /me refused", remaining(deadline), Duration.ofMillis(50),
          () -> api.get("/api/v1/me", token).status(), status -> status == 401);
      }
      case SSE -> openStream(token);
      case WEBSOCKET -> openChat(token);
    };
  }

  private Connection openStream(String token) {
    HttpClient http = vertx.createHttpClient();
    StringBuilder text = new StringBuilder();
    AtomicBoolean ended = new AtomicBoolean();
    // Handlers are attached as the response arrives, on its event loop: a chunk that came before them would be lost.
    // So the response callback is registered before the request is sent (this code may run on the test thread).
    HttpClientResponse response = Wait.forResult(http.request(HttpMethod.GET, TestServer.get().httpPort(),
      "127.0.0.1", "/api/v1/me/order-events")
      .compose(request -> {
        Future<HttpClientResponse> answered = request.response().map(arrived -> {
          arrived.handler(chunk -> {
            synchronized (text) {
              text.append(chunk.toString());
            }
          });
          arrived.endHandler(v -> ended.set(true));
          arrived.exceptionHandler(e -> ended.set(true));
          return arrived;
        });
        request.putHeader("Authorization", "Bearer " + token).end();
        return answered;
      }));
    assertEquals(200, response.statusCode());
    Wait.until("the stream is ready", Duration.ofSeconds(10), () -> snapshot(text), seen -> seen.contains(": ready"));
    return deadline -> {
      Wait.until("the order-event stream closed", remaining(deadline), Duration.ofMillis(20), ended::get, done -> done);
      assertTrue(snapshot(text).contains("event: session_ended"), () -> "told why: " + snapshot(text));
    };
  }

  private Connection openChat(String token) {
    AtomicInteger closeCode = new AtomicInteger();
    AtomicBoolean welcomed = new AtomicBoolean();
    WebSocket ws = Wait.forResult(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(TestServer.get().httpPort()).setURI("/api/v1/support/ws")));
    ws.textMessageHandler(text -> {
      if ("welcome".equals(new JsonObject(text).getString("type"))) {
        welcomed.set(true);
      }
    });
    ws.closeHandler(v -> closeCode.set(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
    ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "hello").put("token", token).encode());
    Wait.until("welcomed", Duration.ofSeconds(10), welcomed::get, done -> done);
    return deadline -> assertEquals(1008,
      Wait.until("the chat socket closed", remaining(deadline), Duration.ofMillis(20), closeCode::get,
        code -> code != 0));
  }

  private static String snapshot(StringBuilder text) {
    synchronized (text) {
      return text.toString();
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()));
  }

  // ---- users and tokens ----

  private record Login(String email, String userId, String access, String refresh) {
  }

  private Login login() {
    String email = "session-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    return login(email);
  }

  private Login login(String email) {
    JsonObject tokens = api.logIn(email, PASSWORD);
    String userId = api.get("/api/v1/me", tokens.getString("access_token")).json().getString("id");
    return new Login(email, userId, tokens.getString("access_token"), tokens.getString("refresh_token"));
  }

  /** A customer token signed with the server's key that expires in {@code seconds}. */
  private String shortLived(String userId, int seconds) throws Exception {
    JsonObject jwt = TestServer.config().getJsonObject("jwt");
    JWTAuth key = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setBuffer(Files.readString(Path.of(jwt.getString("privateKeyFile"))))));
    return key.generateToken(new JsonObject().put("roles", new JsonArray().add("customer"))
      .put("jti", UUID.randomUUID().toString()),
      new JWTOptions().setAlgorithm("ES256")
        .setIssuer(jwt.getString("issuer")).setAudience(List.of(jwt.getString("audience"))).setSubject(userId)
        .setExpiresInSeconds(seconds));
  }

  private static long expiresAt(String token) {
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      java.nio.charset.StandardCharsets.UTF_8);
    return new JsonObject(payload).getLong("exp") * 1000;
  }
}
