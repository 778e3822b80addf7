package io.surge.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hands the OpenAPI validator each parameter exactly as the client sent it. The library's own extractor decodes
 * query values a second time (so {@code q=50%25} fails and {@code a%2Bb} becomes "a b") and then reads a string
 * value as JSON when it can ({@code q=27"} or {@code q=\} fail, {@code q=27} becomes a number). Here a value is
 * decoded once, by Vert.x, and a string-typed one is passed as a JSON string literal, which the validator reads
 * back to the very same text.
 *
 * <p>A GET that names a query parameter its operation does not document is refused (400 unknown_parameter naming
 * it): a misspelt {@code sort} or filter would otherwise be ignored in silence.
 */
public final class RequestAsSent implements RequestExtractor {

  private static final RequestParameter EMPTY = new RequestParameterImpl(null);

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    if (HttpMethod.GET.equals(operation.getHttpMethod())) {
      Set<String> documented = new HashSet<>();
      operation.getParameters().stream().filter(p -> p.getIn() == Location.QUERY)
        .forEach(p -> documented.add(p.getName()));
      ApiException unknown = unknownParameter(ctx.queryParams(), documented);
      if (unknown != null) {
        return Future.failedFuture(unknown);
      }
    }
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      Location in = parameter.getIn();
      if (in == Location.PATH) {
        path.put(parameter.getName(), single(parameter, ctx.pathParam(parameter.getName())));
      } else if (in == Location.QUERY) {
        query.put(parameter.getName(), fromQuery(parameter, ctx.queryParam(parameter.getName())));
      } else if (in == Location.HEADER) {
        headers.put(parameter.getName(), single(parameter, ctx.request().getHeader(parameter.getName())));
      } else if (in == Location.COOKIE) {
        Cookie cookie = ctx.request().getCookie(parameter.getName());
        cookies.put(parameter.getName(), single(parameter, cookie == null ? null : cookie.getValue()));
      }
    }
    if (operation.getRequestBody() == null) {
      return Future.succeededFuture(new ValidatableRequestImpl(cookies, headers, path, query));
    }
    RequestParameter body = new RequestParameterImpl(ctx.body() == null ? null : ctx.body().buffer());
    return Future.succeededFuture(new ValidatableRequestImpl(cookies, headers, path, query, body,
      ctx.request().getHeader("Content-Type")));
  }

  /**
   * The 400 for the first query parameter that is not among the documented ones, or null. Also for operations the
   * validator does not see (a hot path that checks its own input).
   */
  public static ApiException unknownParameter(MultiMap sent, Set<String> documented) {
    for (String name : sent.names()) {
      if (!documented.contains(name)) {
        return ApiException.invalidParameter(name, "unknown_parameter",
          name + " is not a parameter of this operation.");
      }
    }
    return null;
  }

  private static RequestParameter single(Parameter parameter, String value) {
    return value == null ? EMPTY : new RequestParameterImpl(typed(parameter.getSchemaType(), value));
  }

  /** An exploded array is "name=v1&name=v2" to the validator's form transformer; anything else is its first value. */
  private static RequestParameter fromQuery(Parameter parameter, List<String> values) {
    if (values.isEmpty()) {
      return EMPTY;
    }
    if (parameter.getSchemaType() == SchemaType.ARRAY && parameter.isExplode()) {
      Object items = parameter.getSchema().get("items");
      boolean strings = items instanceof JsonObject schema && "string".equals(schema.getValue("type"));
      return new RequestParameterImpl(values.stream()
        .map(value -> parameter.getName() + "=" + (strings ? Json.encode(value) : value))
        .collect(Collectors.joining("&")));
    }
    return single(parameter, values.get(0));
  }

  /** A string as a JSON literal (read back verbatim); numbers, booleans and lists as sent, for the validator to parse. */
  private static String typed(SchemaType type, String value) {
    return type == SchemaType.STRING ? Json.encode(value) : value;
  }
}
