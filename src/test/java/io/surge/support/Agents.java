package io.surge.support;

import io.surge.support.Api.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Support agents made as a shop would: a registered user given the agent role by an admin, then logged in. */
public final class Agents {

  /** An agent's user id and access token. */
  public record Agent(String id, String token) {
  }

  private Agents() {
  }

  public static Agent create(Api api, String adminToken) {
    String email = "agent-" + UUID.randomUUID() + "@example.com";
    String id = api.register(email).getString("id");
    Reply roles = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + id + "/roles").bearer(adminToken)
      .send(new JsonObject().put("roles", new JsonArray().add("agent")));
    assertEquals(200, roles.status(), roles::toString);
    return new Agent(id, api.logIn(email, Api.PASSWORD).getString("access_token"));
  }
}
