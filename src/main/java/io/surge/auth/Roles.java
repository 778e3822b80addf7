package io.surge.auth;

import io.surge.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/** The shop's roles, and a route guard that admits only users holding one of them. */
public final class Roles {

  public static final String CUSTOMER = "customer";
  public static final String AGENT = "agent";
  public static final String ADMIN = "admin";
  public static final Set<String> ALL = Set.of(CUSTOMER, AGENT, ADMIN);

  private Roles() {
  }

  public static Handler<RoutingContext> require(String role) {
    return new Guard(new String[] {role}, "This needs the '" + role + "' role.");
  }

  /** Admits users holding any of {@code roles} (e.g. agents and admins). */
  public static Handler<RoutingContext> requireAny(String... roles) {
    return new Guard(roles.clone(), "This needs one of the roles " + String.join(", ", roles) + ".");
  }

  /**
   * A route's role check. A class of its own so that the router can find it and run it before the contract's
   * request validation ({@link io.surge.http.ContractValidation}): whoever lacks the role learns nothing from a 400.
   */
  public static final class Guard implements Handler<RoutingContext> {

    private final String[] roles;
    private final String refusal;

    private Guard(String[] roles, String refusal) {
      this.roles = roles;
      this.refusal = refusal;
    }

    @Override
    public void handle(RoutingContext ctx) {
      if (ctx.user() == null) {
        ctx.fail(ApiException.unauthorized("A valid access token is required."));
      } else if (!hasAny(ctx, roles)) {
        ctx.fail(ApiException.forbidden(refusal));
      } else {
        ctx.next();
      }
    }
  }

  public static boolean hasAny(RoutingContext ctx, String... roles) {
    for (String role : roles) {
      if (has(ctx, role)) {
        return true;
      }
    }
    return false;
  }

  public static boolean has(RoutingContext ctx, String role) {
    JsonArray roles = ctx.user() == null ? null : ctx.user().principal().getJsonArray("roles");
    return roles != null && roles.contains(role);
  }

  /** The authenticated user's id (the token's {@code sub}). */
  public static String userId(RoutingContext ctx) {
    return ctx.user().subject();
  }
}
