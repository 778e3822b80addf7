package io.surge.users;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class AuthorizationTest {

  private Api api;

  @BeforeEach
  void client(Vertx vertx) {
    api = new Api(vertx);
  }

  @Test
  @DisplayName("user B cannot read, change or delete user A's address: 404, and A's address is untouched")
  void otherUsersAddressIsNotFound() {
    String alice = api.customerToken();
    String bob = api.customerToken();
    String id = api.post("/api/v1/me/addresses", alice, ProfileAndAddressTest.address("Paris")).json().getString("id");

    assertEquals(404, api.get("/api/v1/me/addresses/" + id, bob).status());
    assertEquals(404, api.call(HttpMethod.PATCH, "/api/v1/me/addresses/" + id).bearer(bob)
      .send(new JsonObject().put("city", "Stolen")).status());
    assertEquals(404, api.call(HttpMethod.DELETE, "/api/v1/me/addresses/" + id).bearer(bob).send().status());
    assertEquals(0, api.get("/api/v1/me/addresses", bob).json().getJsonArray("items").size());
    assertEquals("Paris", api.get("/api/v1/me/addresses/" + id, alice).json().getString("city"));
  }

  @Test
  @DisplayName("no token: 401 problem with WWW-Authenticate; a customer on an admin route: 403")
  void unauthenticatedAndForbidden() {
    Reply anonymous = api.get("/api/v1/me", null);
    assertEquals(401, anonymous.status());
    assertEquals("unauthorized", anonymous.code());
    assertNotNull(anonymous.header("WWW-Authenticate"));
    assertEquals(401, api.get("/api/v1/admin/users", null).status());

    Reply forbidden = api.get("/api/v1/admin/users", api.customerToken());
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.code());
  }

  @Test
  @DisplayName("an admin grants the agent role; the user's next token carries it")
  void adminChangesRoles() {
    String admin = api.adminToken();
    JsonObject user = api.register("agent-to-be@example.com");
    Reply changed = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + user.getString("id") + "/roles").bearer(admin)
      .send(new JsonObject().put("roles", new JsonArray().add("customer").add("agent")));
    assertEquals(200, changed.status(), changed::toString);
    assertEquals(new JsonArray().add("customer").add("agent"), changed.json().getJsonArray("roles"));

    String token = api.logIn("agent-to-be@example.com", PASSWORD).getString("access_token");
    assertTrue(api.get("/api/v1/me", token).json().getJsonArray("roles").contains("agent"));

    Reply unknownRole = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + user.getString("id") + "/roles").bearer(admin)
      .send(new JsonObject().put("roles", new JsonArray().add("superuser")));
    assertEquals(400, unknownRole.status());
  }

  @Test
  @DisplayName("admins page through users with a cursor and search by email")
  void adminListsUsers() {
    String admin = api.adminToken();
    for (int i = 0; i < 5; i++) {
      api.register("listed-" + i + "@example.com");
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply page = api.get("/api/v1/admin/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertEquals(200, page.status(), page::toString);
      page.json().getJsonArray("items").forEach(item -> assertTrue(seen.add(((JsonObject) item).getString("email"))));
      cursor = page.json().getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertEquals(6, seen.size(), "5 customers and the admin, each exactly once");
    assertEquals(3, pages);

    Reply search = api.get("/api/v1/admin/users?email=LISTED-3", admin);
    assertEquals(1, search.json().getJsonArray("items").size());
    assertNull(search.json().getString("next_cursor"));
    String listedId = search.json().getJsonArray("items").getJsonObject(0).getString("id");
    Reply byId = api.get("/api/v1/admin/users?id=" + listedId, admin);
    assertEquals(200, byId.status(), byId::toString);
    assertEquals(1, byId.json().getJsonArray("items").size(), byId::toString);
    assertEquals("listed-3@example.com", byId.json().getJsonArray("items").getJsonObject(0).getString("email"));
    Reply badId = api.get("/api/v1/admin/users?id=listed-3", admin);
    assertEquals(400, badId.status(), badId::toString);
    assertEquals("id", badId.json().getJsonArray("errors").getJsonObject(0).getString("pointer"), badId::toString);

    assertEquals(400, api.get("/api/v1/admin/users?limit=500", admin).status());
    assertEquals(400, api.get("/api/v1/admin/users?cursor=garbage", admin).status());
  }

  @Test
  @DisplayName("the admin e-mail filter takes the text as typed: '+' (sent as %2B), '%' (%25), a quote and a backslash")
  void emailFilterAsTyped() {
    String admin = api.adminToken();
    api.register("plus+tag@example.com");
    Reply plus = api.get("/api/v1/admin/users?email=plus%2Btag", admin);
    assertEquals(200, plus.status(), plus::toString);
    assertEquals(1, plus.json().getJsonArray("items").size(), "decoded once: 'plus+tag', not 'plus tag'");
    for (String typed : List.of("50%25", "%22", "%5C", "27%22")) {
      Reply reply = api.get("/api/v1/admin/users?email=" + typed, admin);
      assertEquals(200, reply.status(), () -> typed + " -> " + reply);
      assertEquals(0, reply.json().getJsonArray("items").size(), typed);
    }
    Reply unknown = api.get("/api/v1/admin/users?emial=x", admin);
    assertEquals(400, unknown.status(), "a misspelt filter is refused, not ignored: " + unknown);
    assertEquals("emial", unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals("unknown_parameter", unknown.json().getJsonArray("errors").getJsonObject(0).getString("code"));
  }
}
