package io.surge.support.chat;

import io.surge.auth.Roles;
import io.surge.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /api/v1/support/agents}: who a chat can be handed to. Every enabled account with the agent role, online
 * first (its presence lease, renewed while its console is connected, has not run out), with its open chats.
 */
final class AgentList {

  /** A shop has tens of agents: one page, capped. */
  static final int MOST = 500;

  private static final String AGENTS = """
    SELECT u.id, u.display_name, coalesce(a.online_until > now(), false) AS online,
           (SELECT count(*) FROM chat_conversations c WHERE c.agent_id = u.id AND c.status IN ('open', 'pending'))
             AS open_conversations
      FROM users u LEFT JOIN chat_agents a ON a.agent_id = u.id
     WHERE 'agent' = ANY (u.roles) AND u.disabled_at IS NULL
     ORDER BY online DESC, u.display_name, u.id LIMIT $1""";

  private final Pool pool;

  AgentList(Pool pool) {
    this.pool = pool;
  }

  void mount(RouterBuilder api) {
    api.getRoute("listSupportAgents").addHandler(Roles.requireAny(Roles.AGENT, Roles.ADMIN)).addHandler(this::list);
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery(AGENTS).execute(Tuple.of(MOST))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getUUID("id").toString())
          .put("display_name", row.getString("display_name")).put("online", row.getBoolean("online"))
          .put("open_conversations", row.getLong("open_conversations"))));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }
}
