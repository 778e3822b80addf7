package io.surge.users;

import io.surge.auth.AccessTokens;
import io.surge.auth.PasswordHasher;
import io.surge.auth.Roles;
import io.surge.cart.Carts;
import io.surge.http.ApiException;
import io.surge.http.ClientAddresses;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** Log in, refresh, log out (this login) and log out everywhere (every login of the caller). */
final class AuthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  private final Pool pool;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final LoginThrottle throttle;
  private final Carts carts;

  AuthRoutes(Pool pool, PasswordHasher hasher, AccessTokens accessTokens, RefreshTokens refreshTokens,
    LoginThrottle throttle, Carts carts) {
    this.pool = pool;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.throttle = throttle;
    this.carts = carts;
  }

  void mount(RouterBuilder api) {
    api.getRoute("logIn").addHandler(this::logIn);
    api.getRoute("refreshTokens").addHandler(this::refresh);
    api.getRoute("logOut").addHandler(this::logOut);
    api.getRoute("logOutEverywhere").addHandler(this::logOutEverywhere);
  }

  private void logIn(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String email = Emails.normalise(body.getString("email"));
    String password = body.getString("password");
    String ip = ClientAddresses.of(ctx);
    throttle.check(email, ip)
      .compose(v -> pool.preparedQuery(UserSql.FIND_LOGIN).execute(Tuple.of(email)))
      .compose(rows -> {
        Row user = rows.size() == 0 ? null : rows.iterator().next();
        return hasher.verify(password, user == null ? null : user.getString("password_hash"))
          .compose(ok -> ok ? Future.succeededFuture(user) : rejectLogin(email, ip));
      })
      .compose(user -> throttle.succeeded(email, ip).map(user))
      .compose(AuthRoutes::notDisabled)
      .compose(user -> mergeGuestCart(body.getString("cart_token"), user.getUUID("id")).map(user))
      .compose(user -> tokens(UserJson.roles(user), refreshTokens.issue(user.getUUID("id"))))
      .onSuccess(tokens -> sendTokens(ctx, tokens))
      .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    String token = ctx.body().asJsonObject().getString("refresh_token");
    refreshTokens.rotate(token)
      .compose(rotation -> pool.preparedQuery(UserSql.FIND_ROLES).execute(Tuple.of(rotation.userId()))
        .compose(rows -> {
          Row user = rows.iterator().next();
          if (user.getOffsetDateTime("disabled_at") != null) {
            // disabling revoked every refresh token; one issued in the same instant is revoked here
            return refreshTokens.revokeFamily(rotation.token()).compose(v -> Future.failedFuture(disabled()));
          }
          return tokens(UserJson.roles(user), Future.succeededFuture(rotation));
        }))
      .onSuccess(tokens -> sendTokens(ctx, tokens))
      .onFailure(ctx::fail);
  }

  /** Ends this login: its refresh tokens and, on every instance, its access tokens. */
  private void logOut(RoutingContext ctx) {
    refreshTokens.revokeFamily(ctx.body().asJsonObject().getString("refresh_token"))
      .onSuccess(v -> Replies.noContent(ctx))
      .onFailure(ctx::fail);
  }

  /** Ends every login of the caller, this one included. */
  private void logOutEverywhere(RoutingContext ctx) {
    refreshTokens.revokeAll(UUID.fromString(Roles.userId(ctx)))
      .onSuccess(v -> Replies.noContent(ctx))
      .onFailure(ctx::fail);
  }

  private static Future<Row> notDisabled(Row user) {
    return user.getOffsetDateTime("disabled_at") == null ? Future.succeededFuture(user)
      : Future.failedFuture(disabled());
  }

  private static ApiException disabled() {
    return new ApiException(403, UserErrors.ACCOUNT_DISABLED, "Forbidden", "This account is disabled.");
  }

  /** A guest cart brought to the login joins the user's; failing to merge it must not fail the login. */
  private Future<Void> mergeGuestCart(String cartToken, UUID userId) {
    if (cartToken == null) {
      return Future.succeededFuture();
    }
    return carts.mergeGuest(cartToken, userId.toString()).recover(e -> {
      LOG.warn("Guest cart not merged at login for user {}", userId, e);
      return Future.succeededFuture();
    });
  }

  private Future<Row> rejectLogin(String email, String ip) {
    return throttle.recordFailure(email, ip).compose(v -> Future.failedFuture(
      new ApiException(401, UserErrors.INVALID_CREDENTIALS, "Unauthorized", "The email or password is wrong.")));
  }

  private Future<JsonObject> tokens(JsonArray roles, Future<RefreshTokens.Issued> refreshToken) {
    return refreshToken.map(refresh -> new JsonObject()
      .put("token_type", "Bearer")
      .put("access_token", accessTokens.issue(refresh.userId().toString(), refresh.familyId().toString(), roles))
      .put("expires_in", accessTokens.ttlSeconds())
      .put("refresh_token", refresh.token())
      .put("refresh_expires_in", refreshTokens.ttlSeconds()));
  }

  private static void sendTokens(RoutingContext ctx, JsonObject tokens) {
    ctx.response().putHeader("Cache-Control", "no-store");
    Replies.ok(ctx, tokens);
  }
}
