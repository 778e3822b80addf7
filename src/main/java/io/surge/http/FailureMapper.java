package io.surge.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The router's failure handler: turns every failure into a problem. 4xx problems explain
 * themselves; a 5xx says only "internal error" and the request id, which is also in the log.
 */
public final class FailureMapper implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureMapper.class);

  @Override
  public void handle(RoutingContext ctx) {
    ApiException problem = toProblem(ctx);
    // A client that hung up (a load test ending, a closed tab) is not a server fault worth an error line;
    // the problem still goes through Problems.send so an idempotency claim is released.
    if ("dependency_unavailable".equals(problem.code())
      || ctx.failure() instanceof ApiException && problem.status() == 503) {
      // An outage answers thousands of requests this way: one short line each, no stack trace.
      LOG.warn("Unavailable {} {} {}", kv("request_id", RequestIds.of(ctx)), kv("code", problem.code()),
        kv("cause", String.valueOf(ctx.failure())));
    } else if (problem.status() >= 500 && !ctx.response().closed()) {
      LOG.error("Request failed {} {} {}", kv("request_id", RequestIds.of(ctx)),
        kv("method", ctx.request().method().name()), kv("path", ctx.request().path()), ctx.failure());
    }
    Problems.send(ctx, problem);
  }

  static ApiException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof HttpException http && http.getCause() != null) {
      failure = http.getCause();
    }
    if (failure instanceof ApiException api) {
      return api; // refused by RequestAsSent before validation
    }
    ApiException fromBody = fromBodyProblem(failure);
    if (fromBody != null) {
      return fromBody;
    }
    ApiException fromParameter = fromParameterProblem(failure);
    if (fromParameter != null) {
      return fromParameter;
    }
    if (failure instanceof SchemaValidationException schema) {
      return ApiException.invalid(fieldErrors(schema.getOutputUnit()));
    }
    if (failure instanceof ValidatorException validator) {
      return fromValidator(validator, ctx);
    }
    if (dependencyDown(failure)) {
      return new ApiException(503, HttpErrors.DEPENDENCY_UNAVAILABLE, "Service unavailable",
        "A service Surge depends on is briefly unreachable; nothing was changed. Retry shortly.", null,
        Map.of("Retry-After", "1"));
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return forStatus(status);
  }

  /**
   * How the clients say a server is unreachable or not serving yet without an exception type of their own: the Redis
   * client's (a command sent on a pooled connection that closed meanwhile fails with "Connection is closed"; its
   * pending commands with CONNECTION_CLOSED; a cluster with no reachable node, or one failing over, with the rest).
   * "Client is closed": a request still in flight while this instance stops (its PostgreSQL pool already closed)
   * gets 503 and retries elsewhere (FlashSaleFaultsTest.restartMidRun once saw 500s there).
   */
  private static final List<String> UNREACHABLE = List.of("Connection closed", "Connection is closed",
    "CONNECTION_CLOSED", "Cannot connect to any", "Failed to connect to all nodes", "CLUSTERDOWN", "TRYAGAIN",
    "LOADING", "MASTERDOWN", "Client is closed");

  /**
   * A connection to PostgreSQL, Redis or Kafka was refused, reset or closed under the request: a 503 the
   * client may retry, not a 500. (Every write is a single transaction or script, so nothing half-happened.)
   */
  static boolean dependencyDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketException || t instanceof ClosedChannelException || t instanceof ConnectTimeoutException
        || t instanceof ClosedConnectionException || t instanceof TimeoutException
        || t.getMessage() != null && UNREACHABLE.stream().anyMatch(t.getMessage()::startsWith)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** How the validator names the parameter it refuses ("The value of query parameter limit is invalid. ..."). */
  private static final Pattern PARAMETER = Pattern.compile(
    "\\b(?:path|query|header|cookie) parameter ([^\\s]+?)(?:\\s|\\.?$)",
    Pattern.CASE_INSENSITIVE);

  /** A parameter the validator refused: a field problem naming the parameter (its schema errors point nowhere). */
  static ApiException fromParameterProblem(Throwable failure) {
    if (!(failure instanceof ValidatorException validator) || validator.getMessage() == null) {
      return null;
    }
    Matcher named = PARAMETER.matcher(validator.getMessage());
    if (!named.find()) {
      return null;
    }
    String code = "invalid";
    if (failure instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      List<FieldError> errors = fieldErrors(schema.getOutputUnit());
      code = errors.isEmpty() ? code : errors.get(0).code();
    } else if (validator.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      code = "required";
    }
    String message = validator.getMessage();
    if (failure instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      List<FieldError> errors = fieldErrors(schema.getOutputUnit());
      message = errors.isEmpty() ? message : named.group(1) + ": " + errors.get(0).message();
    } else if (validator.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      message = named.group(1) + " is required.";
    }
    return ApiException.invalidParameter(named.group(1), code, message);
  }

  /** The OpenAPI validator's own failures (it reports an undecodable body as ILLEGAL_VALUE, without a cause). */
  private static ApiException fromValidator(ValidatorException validator, RoutingContext ctx) {
    String message = validator.getMessage() == null ? "" : validator.getMessage();
    if (message.startsWith("Can't decode URL value")) {
      return ApiException.invalidParameter(undecodable(ctx), "encoding",
        "The value is not valid percent-encoding once decoded (write % as %25 only once).");
    }
    if (validator.type() == ValidatorErrorType.ILLEGAL_VALUE && message.contains("body")) {
      return ApiException.badRequest(HttpErrors.MALFORMED_JSON, "The request body is not valid JSON.");
    }
    if (validator.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      return forStatus(415);
    }
    return ApiException.badRequest(HttpErrors.VALIDATION_FAILED, message);
  }

  /**
   * The validator decodes parameter values a second time, so a value whose decoded text is not valid percent-encoding
   * ({@code %25} alone becomes "%") fails there without its name: the first such query or path parameter is it.
   */
  private static String undecodable(RoutingContext ctx) {
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      if (!decodable(param.getValue())) {
        return param.getKey();
      }
    }
    for (Map.Entry<String, String> param : ctx.pathParams().entrySet()) {
      if (!decodable(param.getValue())) {
        return param.getKey();
      }
    }
    return "query";
  }

  private static boolean decodable(String value) {
    try {
      URLDecoder.decode(value, StandardCharsets.UTF_8);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Malformed or hostile JSON, wherever in the cause chain the parser complained. */
  private static ApiException fromBodyProblem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return ApiException.badRequest(HttpErrors.BODY_TOO_COMPLEX,
          "The JSON body is nested too deeply or is too large.");
      }
      if (t instanceof DecodeException || t instanceof JacksonException) {
        return ApiException.badRequest(HttpErrors.MALFORMED_JSON, "The request body is not valid JSON.");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  public static ApiException forStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest(HttpErrors.BAD_REQUEST, "The request is malformed.");
      case 401 -> ApiException.unauthorized("A valid access token is required.");
      case 403 -> ApiException.forbidden("You may not do this.");
      case 404 -> ApiException.notFound("The resource");
      case 405 ->
        new ApiException(405, HttpErrors.METHOD_NOT_ALLOWED, "Method not allowed", "This method is not allowed here.");
      case 413 ->
        new ApiException(413, HttpErrors.BODY_TOO_LARGE, "Payload too large", "The request body is too large.");
      case 415 -> new ApiException(415, HttpErrors.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
        "Send the body as application/json.");
      default -> status >= 400 && status < 500
        ? new ApiException(status, HttpErrors.CLIENT_ERROR, "Client error", "The request cannot be served.")
        : new ApiException(500, HttpErrors.INTERNAL_ERROR, "Internal error",
          "Something went wrong on our side. Quote the request id when you report it.");
    };
  }

  /** Keywords that only say "a nested schema failed"; the nested failure is the useful one. */
  private static final Set<String> WRAPPERS = Set.of("properties", "$ref", "allOf", "anyOf", "oneOf", "items",
    "prefixItems", "patternProperties", "additionalProperties", "unevaluatedProperties", "dependentSchemas", "if",
    "then", "else", "contains");
  private static final Set<String> NOT_ALLOWED = Set.of("additionalProperties", "unevaluatedProperties");
  /** JSON Schema keywords and the stable codes clients see for them. */
  private static final Map<String, String> CODES = Map.ofEntries(
    Map.entry("required", "required"), Map.entry("maxLength", "too_long"), Map.entry("minLength", "too_short"),
    Map.entry("pattern", "pattern"), Map.entry("enum", "enum"), Map.entry("const", "enum"),
    Map.entry("type", "type"), Map.entry("minimum", "minimum"), Map.entry("exclusiveMinimum", "minimum"),
    Map.entry("maximum", "maximum"), Map.entry("exclusiveMaximum", "maximum"), Map.entry("format", "format"),
    Map.entry("minItems", "too_few"), Map.entry("maxItems", "too_many"), Map.entry("minProperties", "too_few"),
    Map.entry("maxProperties", "too_many"), Map.entry("uniqueItems", "duplicate"),
    Map.entry("multipleOf", "multiple_of"), Map.entry("not", "not_allowed"));
  private static final Pattern REQUIRED = Pattern.compile("required property \"(.*)\"");
  /** The limit at the end of "String is too long (8 > 5)", "0 is less than 1", "Expected integer". */
  private static final Pattern LIMIT = Pattern.compile("(?:[<>] |than |Expected |of )([^)]*)\\)?$");

  /**
   * One error per field (a JSON pointer into the body): its most specific failure, with a stable code and a message
   * for a person; a field that fails only "additional/unevaluated properties" is one the schema does not allow
   * (unknown_field).
   */
  static List<FieldError> fieldErrors(OutputUnit root) {
    List<FieldError> all = new ArrayList<>();
    collect(root, all);
    Map<String, FieldError> byPointer = new LinkedHashMap<>();
    for (FieldError error : all) {
      if (!WRAPPERS.contains(error.code())) {
        FieldError kept = byPointer.get(error.pointer());
        if (kept == null || "unknown_field".equals(kept.code())) {
          byPointer.put(error.pointer(), error);
        }
      } else if (NOT_ALLOWED.contains(error.code()) && !error.pointer().isEmpty()) {
        byPointer.putIfAbsent(error.pointer(),
          FieldError.at(error.pointer(), "unknown_field", "This field is not allowed here."));
      }
    }
    if (byPointer.isEmpty()) {
      byPointer.put("", FieldError.at("", "invalid", root.getError() == null ? "Invalid value." : root.getError()));
    }
    return new ArrayList<>(byPointer.values());
  }

  private static void collect(OutputUnit unit, List<FieldError> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> collect(child, out));
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    String keyword = keyword(unit.getKeywordLocation());
    String pointer = pointer(unit.getInstanceLocation());
    if ("required".equals(keyword)) {
      // The validator reports a missing property at its parent; the form wants the property itself.
      Matcher missing = REQUIRED.matcher(unit.getError());
      if (missing.find()) {
        String name = missing.group(1);
        out.add(FieldError.at(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), "required",
          name + " is required."));
        return;
      }
    }
    String code = CODES.getOrDefault(keyword, WRAPPERS.contains(keyword) ? keyword : "invalid");
    out.add(FieldError.at(pointer, code, message(code, unit.getError())));
  }

  /** A sentence for a person, with the schema's limit where the validator gave one. */
  private static String message(String code, String validatorMessage) {
    Matcher limit = LIMIT.matcher(validatorMessage);
    String value = limit.find() ? limit.group(1).trim() : null;
    return switch (code) {
      case "too_long" -> value == null ? "Too long." : "Use at most " + value + " characters.";
      case "too_short" -> value == null ? "Too short." : "Use at least " + value + " characters.";
      case "minimum" -> value == null ? "Too small." : "Must be at least " + value + ".";
      case "maximum" -> value == null ? "Too large." : "Must be at most " + value + ".";
      case "type" -> value == null ? "Wrong type." : "Must be of type " + value + ".";
      case "enum" -> value == null ? "Not one of the allowed values." : "Must be one of " + value + ".";
      case "pattern" -> "Not in the expected format.";
      case "format" -> validatorMessage.replace("String does not match format", "Must be a valid").replace("\"", "")
        + ".";
      default -> validatorMessage;
    };
  }

  /** The validator's instance location ({@code #/lines/2/quantity}) as a JSON pointer; the root is "". */
  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    String pointer = location.startsWith("#") ? location.substring(1) : location;
    return "/".equals(pointer) ? "" : pointer;
  }

  private static String keyword(String location) {
    if (location == null || location.isEmpty()) {
      return "invalid";
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
