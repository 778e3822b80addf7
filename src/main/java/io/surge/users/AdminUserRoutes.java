package io.surge.users;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Admin-only user management: list and search users, set roles. */
final class AdminUserRoutes {

  private final Pool pool;

  AdminUserRoutes(Pool pool) {
    this.pool = pool;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminListUsers").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
    api.getRoute("adminSetRoles").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::setRoles);
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.from(ctx);
    OffsetDateTime afterTime = null;
    UUID afterId = null;
    if (page.after() != null) {
      try {
        afterTime = OffsetDateTime.parse(page.after().getString(0));
        afterId = UUID.fromString(page.after().getString(1));
      } catch (RuntimeException e) {
        throw ApiException.invalidField("cursor", "invalid", "The cursor is not one this server issued.");
      }
    }
    String email = ctx.request().getParam("email");
    String fragment = email == null || email.isBlank() ? null : Emails.normalise(email);
    pool.preparedQuery(UserSql.LIST_USERS).execute(Tuple.of(page.fetchSize(), afterTime, afterId, fragment))
      .onSuccess(rows -> {
        JsonArray users = new JsonArray();
        rows.forEach(row -> users.add(UserJson.user(row)));
        Replies.ok(ctx,
          page.page(users, user -> new JsonArray().add(user.getString("created_at")).add(user.getString("id"))));
      })
      .onFailure(ctx::fail);
  }

  private void setRoles(RoutingContext ctx) {
    UUID userId = Ids.parse(ctx.pathParam("id"), "The user");
    JsonArray roles = ctx.body().asJsonObject().getJsonArray("roles");
    if (userId.toString().equals(Roles.userId(ctx)) && !roles.contains(Roles.ADMIN)) {
      throw ApiException.conflict(UserErrors.CANNOT_DEMOTE_SELF, "An admin cannot remove their own admin role.");
    }
    String[] roleArray = roles.stream().map(String::valueOf).toArray(String[]::new);
    pool.preparedQuery(UserSql.SET_ROLES).execute(Tuple.tuple().addUUID(userId).addArrayOfString(roleArray))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("The user"));
        } else {
          Replies.ok(ctx, UserJson.user(rows.iterator().next()));
        }
      })
      .onFailure(ctx::fail);
  }
}
