package io.surge.cart;

import io.surge.auth.AccessTokens;
import io.surge.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.RoutingContext;

/**
 * Optional authentication for the cart: with a bearer token the cart is the user's, and a token that
 * does not verify is a 401 (never a silent fall back to a guest cart); without one it is the guest cart
 * named by {@code X-Cart-Token}, or none yet.
 */
final class CartIdentity implements Handler<RoutingContext> {

  static final String TOKEN_HEADER = "X-Cart-Token";
  private static final String KEY = "surge.cart.key";
  private static final String BEARER = "Bearer ";

  private final AccessTokens accessTokens;

  CartIdentity(AccessTokens accessTokens) {
    this.accessTokens = accessTokens;
  }

  /** The cart this request names; null for a guest without a (well-formed) cart token. */
  static CartKey of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null) {
      ctx.put(KEY, CartKey.guest(ctx.request().getHeader(TOKEN_HEADER)));
      ctx.next();
      return;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(ApiException.unauthorized("A valid access token is required."));
      return;
    }
    accessTokens.authenticate(new TokenCredentials(authorization.substring(BEARER.length()).trim()))
      .onSuccess(user -> {
        ctx.put(KEY, CartKey.user(user.subject()));
        ctx.next();
      })
      .onFailure(e -> ctx.fail(ApiException.unauthorized("A valid access token is required.")));
  }
}
