package io.surge.support.chat;

import io.surge.support.Agents;
import io.surge.support.Agents.Agent;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/support/agents}: the transfer list, for agents and admins only. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class AgentListTest {

  @Test
  @DisplayName("no token gets 401 and a customer 403; agents and admins see every agent with a name, offline until connected, and no customer")
  void agents(Vertx vertx) {
    Api api = new Api(vertx);
    assertEquals(401, api.get("/api/v1/support/agents", null).status());
    String customer = api.customerToken();
    assertEquals(403, api.get("/api/v1/support/agents", customer).status());
    String admin = api.adminToken();
    Agent first = Agents.create(api, admin);
    Agent second = Agents.create(api, admin);
    for (String token : new String[] {admin, first.token()}) {
      Reply reply = api.get("/api/v1/support/agents", token);
      assertEquals(200, reply.status(), reply::toString);
      JsonObject seen = reply.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> second.id().equals(a.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(reply.toString()));
      assertTrue(seen.getString("display_name").startsWith("Test agent-"), seen::toString);
      assertFalse(seen.getBoolean("online"), "no console connected");
      assertEquals(0, seen.getLong("open_conversations"));
      assertTrue(reply.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .noneMatch(a -> a.getString("display_name").startsWith("Test shopper-")), "customers are not agents");
    }
  }
}
