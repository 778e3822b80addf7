package io.surge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;

import java.util.HashMap;
import java.util.Map;

/**
 * The contract's request validation run on the calling thread. Vert.x's validator hands every request to a worker
 * thread ({@code executeBlocking}) and back: for the small JSON bodies of a storefront that hop cost more than the
 * validation (a checkout's two requests: 7.6% of the server's CPU on worker threads, most of it parking and waking,
 * plus the event loops' wake-ups, async-profiler on the checkout benchmark, 2026-12-03). {@link ContractValidation}
 * sends only small requests here; a large body still goes to the worker, where a long validation blocks no event loop.
 * The same checks as Vert.x's (parameters by location, then the body), through its own public methods.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      return super.validate(request, operationId); // its own failure for an unknown operation
    }
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter parameter : operation.getParameters()) {
        String name = parameter.getName();
        switch (parameter.getIn()) {
          case COOKIE -> cookies.put(name, validateParameter(parameter, request.getCookies().get(name)));
          case HEADER -> headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
          case PATH -> path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
          case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
        }
      }
      RequestParameter body = validateBody(operation.getRequestBody(), request);
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
