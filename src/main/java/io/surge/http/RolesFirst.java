package io.surge.http;

import io.surge.auth.Roles;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts every operation's role check before the contract's request validation. The router builder validates a
 * request right after authentication and before any handler, so a customer sending a malformed body to an admin
 * operation got 400 (naming the fields the operation takes) where 403 is the answer. For each operation whose
 * handlers hold a {@link Roles.Guard}, the builder's validation is turned off and the same validation (same
 * extractor, same contract) runs as a handler after the guards. Call once, after every domain has mounted.
 */
public final class RolesFirst {

  private RolesFirst() {
  }

  public static void apply(Vertx vertx, RouterBuilder api, OpenAPIContract contract, RequestExtractor extractor) {
    RequestValidator validator = RequestValidator.create(vertx, contract);
    for (OpenAPIRoute route : api.getRoutes()) {
      // the builder hands out the route's own list: reordering it is how handlers are reordered before createRouter
      List<Handler<RoutingContext>> handlers = route.getHandlers();
      List<Handler<RoutingContext>> guards = handlers.stream().filter(Roles.Guard.class::isInstance).toList();
      if (guards.isEmpty() || !route.doValidation()) {
        continue;
      }
      List<Handler<RoutingContext>> rest = new ArrayList<>(handlers);
      rest.removeAll(guards);
      handlers.clear();
      handlers.addAll(guards);
      handlers.add(validation(route.getOperation(), validator, extractor));
      handlers.addAll(rest);
      route.setDoValidation(false);
    }
  }

  /** What the builder's own validation handler does. */
  private static Handler<RoutingContext> validation(Operation operation, RequestValidator validator,
    RequestExtractor extractor) {
    return ctx -> extractor.extractValidatableRequest(ctx, operation)
      .compose(request -> validator.validate(request, operation.getOperationId()))
      .onSuccess(validated -> {
        ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
        ctx.next();
      })
      .onFailure(ctx::fail);
  }
}
