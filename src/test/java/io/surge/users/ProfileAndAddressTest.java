package io.surge.users;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.surge.support.Api.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ProfileAndAddressTest {

  private Api api;

  @BeforeEach
  void client(Vertx vertx) {
    api = new Api(vertx);
  }

  static JsonObject address(String city) {
    return new JsonObject().put("recipient", "Ada Lovelace").put("line1", "12 St James's Square")
      .put("city", city).put("postal_code", "SW1Y 4JH").put("country", "GB");
  }

  @Test
  @DisplayName("profile reads carry an ETag; a PATCH with a stale If-Match gets 412 and changes nothing")
  void profileWithEtag() {
    String token = api.customerToken();
    Reply me = api.get("/api/v1/me", token);
    String etag = me.header("ETag");
    assertEquals("\"1\"", etag);

    Reply patched = api.call(HttpMethod.PATCH, "/api/v1/me").bearer(token).header("If-Match", etag)
      .send(new JsonObject().put("display_name", "Ada L.").put("phone", "+44 20 7946 0000"));
    assertEquals(200, patched.status(), patched::toString);
    assertEquals("Ada L.", patched.json().getString("display_name"));
    assertEquals("\"2\"", patched.header("ETag"));

    Reply stale = api.call(HttpMethod.PATCH, "/api/v1/me").bearer(token).header("If-Match", etag)
      .send(new JsonObject().put("display_name", "Overwritten"));
    assertEquals(412, stale.status());
    assertEquals("precondition_failed", stale.code());
    assertEquals("Ada L.", api.get("/api/v1/me", token).json().getString("display_name"));
  }

  @Test
  @DisplayName("address book: create, list, read, patch (one default at a time), delete")
  void addressCrud() {
    String token = api.customerToken();
    Reply home = api.post("/api/v1/me/addresses", token, address("London").put("is_default", true));
    assertEquals(201, home.status(), home::toString);
    String homeId = home.json().getString("id");
    assertEquals("/api/v1/me/addresses/" + homeId, home.header("Location"));
    Reply work = api.post("/api/v1/me/addresses", token, address("Cambridge").put("label", "work"));
    String workId = work.json().getString("id");

    assertEquals(2, api.get("/api/v1/me/addresses", token).json().getJsonArray("items").size());
    Reply read = api.get("/api/v1/me/addresses/" + workId, token);
    assertEquals("Cambridge", read.json().getString("city"));

    Reply patched = api.call(HttpMethod.PATCH, "/api/v1/me/addresses/" + workId).bearer(token)
      .header("If-Match", read.header("ETag")).send(new JsonObject().put("is_default", true).put("line2", "Floor 2"));
    assertEquals(200, patched.status(), patched::toString);
    assertTrue(patched.json().getBoolean("is_default"));
    assertEquals("Floor 2", patched.json().getString("line2"));
    assertEquals("Cambridge", patched.json().getString("city"), "fields not in the patch are kept");
    assertFalse(api.get("/api/v1/me/addresses/" + homeId, token).json().getBoolean("is_default"), "only one default");

    Reply stale = api.call(HttpMethod.PATCH, "/api/v1/me/addresses/" + workId).bearer(token)
      .header("If-Match", read.header("ETag")).send(new JsonObject().put("city", "Oxford"));
    assertEquals(412, stale.status());

    assertEquals(204, api.call(HttpMethod.DELETE, "/api/v1/me/addresses/" + homeId).bearer(token).send().status());
    assertEquals(404, api.get("/api/v1/me/addresses/" + homeId, token).status());
    assertEquals(1, api.get("/api/v1/me/addresses", token).json().getJsonArray("items").size());
  }

  @Test
  @DisplayName("changing the password needs the current one, revokes every refresh token, and the new one works")
  void passwordChange() {
    api.register("pat@example.com");
    JsonObject tokens = api.logIn("pat@example.com", PASSWORD);
    String token = tokens.getString("access_token");

    Reply wrongCurrent = api.post("/api/v1/me/password", token,
      new JsonObject().put("current_password", "not-my-password").put("new_password", "a-brand-new-passphrase"));
    assertEquals(400, wrongCurrent.status());
    assertEquals("current_password", wrongCurrent.json().getJsonArray("errors").getJsonObject(0).getString("field"));

    Reply changed = api.post("/api/v1/me/password", token,
      new JsonObject().put("current_password", PASSWORD).put("new_password", "a-brand-new-passphrase"));
    assertEquals(204, changed.status(), changed::toString);
    assertEquals(401, api.post("/api/v1/auth/refresh", null,
      new JsonObject().put("refresh_token", tokens.getString("refresh_token"))).status());
    assertEquals(401, api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "pat@example.com").put("password", PASSWORD)).status());
    api.logIn("pat@example.com", "a-brand-new-passphrase");
    assertEquals(1, TestServer.count("SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id "
      + "WHERE u.email = 'pat@example.com' AND t.revoked_at IS NULL"), "only the session opened after the change");
  }
}
