package io.surge.users;

import io.surge.auth.PasswordHasher;
import io.surge.auth.PasswordPolicy;
import io.surge.auth.Roles;
import io.surge.db.ConstraintViolation;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.http.Idempotency;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Registration, the caller's own profile, and password change. */
final class AccountRoutes {

  private final Pool pool;
  private final PasswordHasher hasher;
  private final RefreshTokens refreshTokens;
  private final Idempotency idempotency;

  AccountRoutes(Pool pool, PasswordHasher hasher, RefreshTokens refreshTokens, Idempotency idempotency) {
    this.pool = pool;
    this.hasher = hasher;
    this.refreshTokens = refreshTokens;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("registerUser").addHandler(idempotency.handler(false)).addHandler(this::register);
    api.getRoute("getProfile").addHandler(this::getProfile);
    api.getRoute("updateProfile").addHandler(this::updateProfile);
    api.getRoute("changePassword").addHandler(this::changePassword);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String email = Emails.normalise(body.getString("email"));
    String password = body.getString("password");
    PasswordPolicy.check("password", password, email).ifPresent(error -> {
      throw ApiException.invalid(java.util.List.of(error));
    });
    hasher.hash(password)
      .compose(hash -> pool.preparedQuery(UserSql.INSERT_USER)
        .execute(Tuple.of(email, hash, body.getString("display_name").trim(), new String[] {Roles.CUSTOMER})))
      .recover(AccountRoutes::emailTaken)
      .onSuccess(rows -> {
        JsonObject user = UserJson.user(rows.iterator().next());
        Replies.created(ctx, "/api/v1/users/" + user.getString("id"), user);
      })
      .onFailure(ctx::fail);
  }

  private void getProfile(RoutingContext ctx) {
    pool.preparedQuery(UserSql.FIND_BY_ID).execute(Tuple.of(UUID.fromString(Roles.userId(ctx))))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("The user"));
          return;
        }
        Row row = rows.iterator().next();
        Replies.ok(ctx, UserJson.user(row), row.getInteger("version"));
      })
      .onFailure(ctx::fail);
  }

  private void updateProfile(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID userId = UUID.fromString(Roles.userId(ctx));
    String displayName = body.getString("display_name");
    Tuple params = Tuple.of(userId, ETags.expectedVersion(ctx), displayName == null ? null : displayName.trim(),
      body.containsKey("phone"), body.getString("phone"));
    pool.preparedQuery(UserSql.UPDATE_PROFILE).execute(params)
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.preconditionFailed("The profile has changed since you read it; read it again."));
          return;
        }
        Row row = rows.iterator().next();
        Replies.ok(ctx, UserJson.user(row), row.getInteger("version"));
      })
      .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    UUID userId = UUID.fromString(Roles.userId(ctx));
    String next = body.getString("new_password");
    PasswordPolicy.check("new_password", next, null).ifPresent(error -> {
      throw ApiException.invalid(java.util.List.of(error));
    });
    pool.preparedQuery(UserSql.FIND_HASH_BY_ID).execute(Tuple.of(userId))
      .compose(rows -> hasher.verify(body.getString("current_password"),
        rows.size() == 0 ? null : rows.iterator().next().getString("password_hash")))
      .compose(ok -> ok ? hasher.hash(next) : Future.failedFuture(ApiException.invalidField(
        "current_password", "mismatch", "The current password is wrong.")))
      .compose(hash -> pool.preparedQuery(UserSql.UPDATE_PASSWORD).execute(Tuple.of(userId, hash)))
      .compose(v -> refreshTokens.revokeAll(userId))
      .onSuccess(v -> Replies.noContent(ctx))
      .onFailure(ctx::fail);
  }

  private static Future<RowSet<Row>> emailTaken(Throwable failure) {
    return ConstraintViolation.answer(failure, violation -> violation.kind() == ConstraintViolation.Kind.UNIQUE
      ? ApiException.conflict(UserErrors.EMAIL_TAKEN, "An account with this email already exists.") : null);
  }
}
