package io.surge.users;

import io.surge.auth.PasswordHasher;
import io.surge.auth.PasswordPolicy;
import io.surge.auth.Roles;
import io.surge.db.ConstraintViolation;
import io.surge.http.ApiException;
import io.surge.http.ClientAddresses;
import io.surge.http.ETags;
import io.surge.http.FieldError;
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

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registration, the caller's own profile, and password change. */
final class AccountRoutes {

  private final Pool pool;
  private final PasswordHasher hasher;
  private final RefreshTokens refreshTokens;
  private final Idempotency idempotency;
  private final LoginThrottle throttle;
  private final RegistrationLimit registrations;

  AccountRoutes(Pool pool, PasswordHasher hasher, RefreshTokens refreshTokens, Idempotency idempotency,
    LoginThrottle throttle, RegistrationLimit registrations) {
    this.registrations = registrations;
    this.pool = pool;
    this.hasher = hasher;
    this.refreshTokens = refreshTokens;
    this.idempotency = idempotency;
    this.throttle = throttle;
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
    Emails.problem("email", email).ifPresent(error -> {
      throw ApiException.invalid(List.of(error));
    });
    String displayName = DisplayNames.normalise("display_name", body.getString("display_name"));
    registrations.take(ClientAddresses.of(ctx))
      .compose(v -> hasher.hashAcceptable("password", body.getString("password"), email, displayName))
      .compose(hash -> pool.preparedQuery(UserSql.INSERT_USER)
        .execute(Tuple.of(email, hash, displayName, new String[] {Roles.CUSTOMER})))
      .recover(AccountRoutes::emailTaken)
      .onSuccess(rows -> {
        JsonObject user = UserJson.user(rows.iterator().next());
        // There is no /api/v1/users/{id} to read back; the new account is read at /api/v1/me once signed in.
        Replies.created(ctx, "/api/v1/me", user);
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
    Tuple params = Tuple.of(userId, ETags.expectedVersion(ctx),
      displayName == null ? null : DisplayNames.normalise("display_name", displayName),
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

  /** Wrong guesses at the current password count like failed logins (per account and per client address). */
  private void changePassword(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    Optional<FieldError> tooShortOrLong = PasswordPolicy.checkLength("new_password", body.getString("new_password"));
    if (tooShortOrLong.isPresent()) {
      ctx.fail(ApiException.invalid(List.of(tooShortOrLong.get())));
      return;
    }
    UUID userId = UUID.fromString(Roles.userId(ctx));
    String account = "user:" + userId;
    String ip = ClientAddresses.of(ctx);
    throttle.check(account, ip)
      .compose(v -> pool.preparedQuery(UserSql.FIND_HASH_BY_ID).execute(Tuple.of(userId)))
      .compose(rows -> {
        Row user = rows.size() == 0 ? null : rows.iterator().next();
        return hasher.verify(body.getString("current_password"), user == null ? null : user.getString("password_hash"))
          .compose(ok -> ok ? Future.succeededFuture(user)
            : throttle.recordFailure(account, ip).compose(v -> Future.failedFuture(ApiException.invalidField(
              "current_password", "mismatch", "The current password is wrong."))));
      })
      .compose(user -> throttle.succeeded(account, ip).map(user))
      .compose(user -> hasher.hashAcceptable("new_password", body.getString("new_password"),
        user.getString("email"), user.getString("display_name")))
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
