package io.surge.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The first handler of every operation, after the OpenAPI validation: refuses what the contract lets through but
 * the handlers and PostgreSQL cannot take, as a 400 naming the field. A NUL character in any parameter or in any
 * JSON string or member name (PostgreSQL text cannot hold one); an integer query parameter that is not plain
 * digits within a long (the validator reads {@code 1e3} and {@code 99999999999999999999} as integers).
 * One place for every operation, so a new handler cannot forget it.
 */
public final class InputGuard implements Handler<RoutingContext> {

  private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");
  /** Within a long, whatever the digits. */
  private static final int MAX_DIGITS = 18;

  private final List<String> integerQueryParameters;
  private final List<String> headerParameters;

  private InputGuard(Operation operation) {
    List<Parameter> parameters = operation.getParameters();
    this.integerQueryParameters = parameters.stream()
      .filter(p -> p.getIn() == Location.QUERY && p.getSchemaType() == SchemaType.INTEGER)
      .map(Parameter::getName).toList();
    this.headerParameters = parameters.stream().filter(p -> p.getIn() == Location.HEADER)
      .map(Parameter::getName).toList();
  }

  /** Puts a guard in front of every operation; call before any domain adds its handlers. */
  public static void mount(RouterBuilder api) {
    for (OpenAPIRoute route : api.getRoutes()) {
      route.addHandler(new InputGuard(route.getOperation()));
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    ApiException refused = check(ctx);
    if (refused != null) {
      ctx.fail(refused);
    } else {
      ctx.next();
    }
  }

  private ApiException check(RoutingContext ctx) {
    for (Map.Entry<String, String> param : ctx.pathParams().entrySet()) {
      if (!StorableText.storable(param.getValue())) {
        return StorableText.refusedParameter(param.getKey());
      }
    }
    MultiMap query = ctx.queryParams();
    for (Map.Entry<String, String> param : query) {
      if (!StorableText.storable(param.getKey()) || !StorableText.storable(param.getValue())) {
        return StorableText.refusedParameter(StorableText.storable(param.getKey()) ? param.getKey() : "query");
      }
    }
    for (String name : integerQueryParameters) {
      for (String value : query.getAll(name)) {
        if (!DIGITS.matcher(value).matches()) {
          return ApiException.invalidParameter(name, "type", name + " must be a whole number, written in digits.");
        }
        if (value.replace("-", "").length() > MAX_DIGITS) {
          return ApiException.invalidParameter(name, "range", name + " is out of range.");
        }
      }
    }
    for (String name : headerParameters) {
      if (!StorableText.storable(ctx.request().getHeader(name))) {
        return StorableText.refusedParameter(name);
      }
    }
    return body(ctx);
  }

  private static ApiException body(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0 || !StorableText.mayHoldNul(body)) {
      return null;
    }
    try {
      String field = StorableText.fieldWithNul(Json.decodeValue(body), "body");
      return field == null ? null : StorableText.refused(field);
    } catch (DecodeException e) {
      return null; // not JSON (an upload): its handler reads it
    }
  }
}
