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
 * Every operation's request validation against the contract, in place of the router builder's own, for two reasons.
 * Roles first: the builder validates right after authentication and before any handler, so a customer sending a
 * malformed body to an admin operation got 400 (naming the fields the operation takes) where 403 is the answer; the
 * handlers holding a {@link Roles.Guard} now run before the validation. And small requests are validated on the event
 * loop ({@link InlineRequestValidator}) instead of on a worker thread and back. Call once, after every domain has
 * mounted.
 */
public final class ContractValidation {

  /** Up to this many body bytes, a request is validated on the event loop (a storefront's JSON is a few hundred). */
  static final int INLINE_BODY_BYTES = 16 * 1024;

  private ContractValidation() {
  }

  public static void apply(Vertx vertx, RouterBuilder api, OpenAPIContract contract, RequestExtractor extractor) {
    RequestValidator onWorker = RequestValidator.create(vertx, contract);
    RequestValidator inline = new InlineRequestValidator(vertx, contract);
    for (OpenAPIRoute route : api.getRoutes()) {
      if (!route.doValidation()) {
        continue;
      }
      // the builder hands out the route's own list: reordering it is how handlers are reordered before createRouter
      List<Handler<RoutingContext>> handlers = route.getHandlers();
      List<Handler<RoutingContext>> guards = handlers.stream().filter(Roles.Guard.class::isInstance).toList();
      List<Handler<RoutingContext>> rest = new ArrayList<>(handlers);
      rest.removeAll(guards);
      handlers.clear();
      handlers.addAll(guards);
      handlers.add(validation(route.getOperation(), inline, onWorker, extractor));
      handlers.addAll(rest);
      route.setDoValidation(false);
    }
  }

  /** What the builder's own validation handler does, inline when the body is small. */
  private static Handler<RoutingContext> validation(Operation operation, RequestValidator inline,
    RequestValidator onWorker, RequestExtractor extractor) {
    return ctx -> {
      RequestValidator validator = small(ctx) ? inline : onWorker;
      extractor.extractValidatableRequest(ctx, operation)
        .compose(request -> validator.validate(request, operation.getOperationId()))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(ctx::fail);
    };
  }

  /**
   * No file upload, and a body of at most {@link #INLINE_BODY_BYTES} or none read into memory (a streamed body's
   * operations do not validate it against the contract: they turn the builder's validation off).
   */
  private static boolean small(RoutingContext ctx) {
    if (ctx.fileUploads() != null && !ctx.fileUploads().isEmpty()) {
      return false;
    }
    return ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= INLINE_BODY_BYTES;
  }
}
