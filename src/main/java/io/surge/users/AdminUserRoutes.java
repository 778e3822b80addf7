package io.surge.users;

import io.surge.auth.Roles;
import io.surge.auth.SessionRevocations;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.surge.http.PageRequest;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Admin-only user management: list and search users, set roles, disable and enable accounts. A role change ends the
 * user's access tokens (the next refresh carries the new roles); disabling also revokes every refresh token.
 */
final class AdminUserRoutes {

  private final Pool pool;
  private final RefreshTokens refreshTokens;
  private final SessionRevocations sessions;

  AdminUserRoutes(Pool pool, RefreshTokens refreshTokens, SessionRevocations sessions) {
    this.pool = pool;
    this.refreshTokens = refreshTokens;
    this.sessions = sessions;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminListUsers").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::list);
    api.getRoute("adminSetRoles").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::setRoles);
    api.getRoute("adminDisableUser").addHandler(Roles.require(Roles.ADMIN)).addHandler(ctx -> setDisabled(ctx, true));
    api.getRoute("adminEnableUser").addHandler(Roles.require(Roles.ADMIN)).addHandler(ctx -> setDisabled(ctx, false));
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
        throw ApiException.invalidParameter("cursor", "invalid", "The cursor is not one this server issued.");
      }
    }
    String email = ctx.request().getParam("email");
    String fragment = email == null || email.isBlank() ? null : Emails.normalise(email);
    String customerRef = ctx.request().getParam("customer_ref");
    String id = ctx.request().getParam("id");
    UUID userId = Ids.tryParse(id);
    if (id != null && userId == null) {
      throw ApiException.invalidParameter("id", "invalid", "id is a user's id (a UUID).");
    }
    pool.preparedQuery(UserSql.LIST_USERS).execute(Tuple.of(page.fetchSize(), afterTime, afterId, fragment,
      customerRef == null || customerRef.isBlank() ? null : customerRef, userId))
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
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The user"))
        : sessions.endUser(userId.toString()).map(rows.iterator().next()))
      .onSuccess(row -> Replies.ok(ctx, UserJson.user(row)))
      .onFailure(ctx::fail);
  }

  private void setDisabled(RoutingContext ctx, boolean disabled) {
    UUID userId = Ids.parse(ctx.pathParam("id"), "The user");
    if (disabled && userId.toString().equals(Roles.userId(ctx))) {
      throw ApiException.conflict(UserErrors.CANNOT_DISABLE_SELF, "An admin cannot disable their own account.");
    }
    pool.preparedQuery(UserSql.SET_DISABLED).execute(Tuple.of(userId, disabled))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The user"))
        : (disabled ? refreshTokens.revokeAll(userId) : Future.<Void>succeededFuture()).map(rows.iterator().next()))
      .onSuccess(row -> Replies.ok(ctx, UserJson.user(row)))
      .onFailure(ctx::fail);
  }
}
