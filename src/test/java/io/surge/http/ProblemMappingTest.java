package io.surge.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputErrorType;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How failures become problems, without a server: field errors from schema validation, statuses, outages. */
class ProblemMappingTest {

  private static OutputUnit failure(String instance, String keywordLocation, String error) {
    return new OutputUnit(instance, "https://surge.example/schema" + keywordLocation, keywordLocation, error,
      OutputErrorType.INVALID_VALUE);
  }

  private static OutputUnit root(OutputUnit... failures) {
    return new OutputUnit("", "", "", null, OutputErrorType.INVALID_VALUE).setErrors(List.of(failures));
  }

  @Test
  @DisplayName("given a nested field that is too short, then errors[] names it as a JSON pointer (and in dotted form) with code too_short")
  void nestedFieldNamed() {
    List<FieldError> errors = FailureMapper.fieldErrors(root(
      failure("/shipping_address/city", "/properties/shipping_address/properties/city/minLength",
        "String is too short")));

    assertEquals(List.of(new FieldError("shipping_address.city", "/shipping_address/city", "too_short", "Too short.")),
      errors);
    assertEquals("Use at most 5 characters.", FailureMapper.fieldErrors(root(
      failure("/name", "/properties/name/maxLength", "String is too long (8 > 5)"))).get(0).message());
  }

  @Test
  @DisplayName("given the validator's wrapper failures around the real one, then only the real one is reported")
  void wrappersDropped() {
    OutputUnit properties = failure("", "/properties", "Property \"quantity\" does not match")
      .setErrors(List.of(failure("/quantity", "/properties/quantity/minimum", "Number is below the minimum")));

    assertEquals(List.of(new FieldError("quantity", "/quantity", "minimum", "Too small.")),
      FailureMapper.fieldErrors(root(properties, failure("/quantity", "/properties/quantity/$ref", "does not match"))));
  }

  @Test
  @DisplayName("given the validator refusing a parameter, then errors[] names the parameter, not the body")
  void parameterNamed() {
    ApiException invalid = FailureMapper.fromParameterProblem(new ValidatorException(
      "The value of query parameter price_min is invalid. Reason: Instance type string is invalid.",
      ValidatorErrorType.INVALID_VALUE));
    assertEquals(400, invalid.status());
    assertEquals("price_min", invalid.errors().get(0).field());
    assertEquals("price_min", invalid.errors().get(0).pointer(), "a parameter's pointer is its name");
    ApiException missing = FailureMapper.fromParameterProblem(new ValidatorException(
      "The related request / response does not contain the required query parameter q",
      ValidatorErrorType.MISSING_REQUIRED_PARAMETER));
    assertEquals(FieldError.parameter("q", "required", "q is required."), missing.errors().get(0));
    assertEquals("Idempotency-Key", FailureMapper.fromParameterProblem(new ValidatorException(
      "The formatting of the value of header parameter Idempotency-Key doesn't match to style simple.",
      ValidatorErrorType.INVALID_VALUE_FORMAT)).errors().get(0).field());
    assertEquals(null, FailureMapper.fromParameterProblem(new ValidatorException("The request body is invalid",
      ValidatorErrorType.ILLEGAL_VALUE)));
  }

  @Test
  @DisplayName("given two failures of one field, then errors[] has one entry for it: the first specific one")
  void oneErrorPerField() {
    List<FieldError> errors = FailureMapper.fieldErrors(root(
      failure("/email", "/properties/email/format", "Not an email"),
      failure("/email", "/properties/email/maxLength", "Too long"),
      failure("/password", "/properties/password/minLength", "Too short")));

    assertEquals(List.of("email", "password"), errors.stream().map(FieldError::field).toList());
    assertEquals("format", errors.get(0).code());
  }

  @Test
  @DisplayName("given a missing property, then errors[] points at the property itself (not its parent), code required")
  void requiredPointsAtTheProperty() {
    List<FieldError> errors = FailureMapper.fieldErrors(root(
      failure("", "/required", "Instance does not have required property \"display_name\""),
      failure("/lines/1", "/properties/lines/items/required", "Instance does not have required property \"quantity\""),
      failure("/lines/2/quantity", "/properties/lines/items/properties/quantity/type",
        "Instance type string is invalid. Expected integer")));

    assertEquals(List.of(
      new FieldError("display_name", "/display_name", "required", "display_name is required."),
      new FieldError("lines.1.quantity", "/lines/1/quantity", "required", "quantity is required."),
      new FieldError("lines.2.quantity", "/lines/2/quantity", "type", "Must be of type integer.")), errors);
  }

  @Test
  @DisplayName("given a field the schema does not allow, then it is reported as unknown_field")
  void unknownField() {
    List<FieldError> errors = FailureMapper.fieldErrors(root(
      failure("/colour", "/additionalProperties", "Property \"colour\" is not allowed")));

    assertEquals(List.of(new FieldError("colour", "/colour", "unknown_field", "This field is not allowed here.")),
      errors);
  }

  @Test
  @DisplayName("given a field that is both not allowed and invalid, then the specific failure wins, in either order")
  void specificBeatsUnknown() {
    FieldError expected = new FieldError("size", "/size", "enum", "Must be one of S, M, L.");
    OutputUnit notAllowed = failure("/size", "/unevaluatedProperties", "not allowed");
    OutputUnit invalid = failure("/size", "/properties/size/enum", "Not one of S, M, L");

    assertEquals(List.of(expected), FailureMapper.fieldErrors(root(notAllowed, invalid)));
    assertEquals(List.of(expected), FailureMapper.fieldErrors(root(invalid, notAllowed)));
  }

  @Test
  @DisplayName("given a body that fails only as a whole, then there is one error for field 'body' at the root pointer ''")
  void wholeBody() {
    OutputUnit whole = new OutputUnit("", "", "/type", "Instance type array is invalid. Expected object",
      OutputErrorType.INVALID_VALUE);
    assertEquals(List.of(new FieldError("body", "", "type", "Must be of type object.")),
      FailureMapper.fieldErrors(whole));

    OutputUnit onlyWrappers = root(failure("", "/additionalProperties", "not allowed"));
    assertEquals(List.of(new FieldError("body", "", "invalid", "Invalid value.")),
      FailureMapper.fieldErrors(onlyWrappers));
  }

  @Test
  @DisplayName("a field error becomes {field, pointer, code, message} in the problem's errors[], under the validation_failed code")
  void fieldErrorJson() {
    ApiException invalid = ApiException.invalidField("quantity", "minimum", "At least 1.");

    assertEquals(400, invalid.status());
    assertEquals("validation_failed", invalid.code());
    assertEquals(new JsonObject().put("field", "quantity").put("pointer", "/quantity").put("code", "minimum")
      .put("message", "At least 1."), invalid.errors().get(0).toJson());
    assertEquals(new JsonObject().put("field", "limit").put("pointer", "limit").put("code", "maximum")
      .put("message", "At most 100."),
      ApiException.invalidParameter("limit", "maximum", "At most 100.").errors().get(0)
        .toJson());
  }

  @Test
  @DisplayName("statuses without an ApiException get their stable codes; anything 5xx says only 'internal error'")
  void statusesToCodes() {
    assertEquals("bad_request", FailureMapper.forStatus(400).code());
    assertEquals("unauthorized", FailureMapper.forStatus(401).code());
    assertEquals("Bearer", FailureMapper.forStatus(401).headers().get("WWW-Authenticate"));
    assertEquals("forbidden", FailureMapper.forStatus(403).code());
    assertEquals("not_found", FailureMapper.forStatus(404).code());
    assertEquals("method_not_allowed", FailureMapper.forStatus(405).code());
    assertEquals("body_too_large", FailureMapper.forStatus(413).code());
    assertEquals("unsupported_media_type", FailureMapper.forStatus(415).code());
    assertEquals(418, FailureMapper.forStatus(418).status());
    assertEquals("client_error", FailureMapper.forStatus(418).code());
    for (int status : new int[] {500, 502, 200, -1}) {
      ApiException internal = FailureMapper.forStatus(status);
      assertEquals(500, internal.status());
      assertEquals("internal_error", internal.code());
      assertTrue(internal.getMessage().contains("request id"), internal::getMessage);
    }
  }

  @Test
  @DisplayName("a refused or closed connection anywhere in the cause chain is a dependency outage (503), anything else is not")
  void dependencyOutages() {
    assertTrue(
      FailureMapper.dependencyDown(new RuntimeException("query failed", new ConnectException("Connection refused"))));
    assertTrue(FailureMapper.dependencyDown(ClosedConnectionException.INSTANCE));
    assertTrue(FailureMapper.dependencyDown(new IllegalStateException("Connection closed by peer")));
    assertTrue(FailureMapper.dependencyDown(new RuntimeException("CONNECTION_CLOSED")));
    assertTrue(FailureMapper.dependencyDown(new IllegalStateException("Client is closed")), "a pool closed by a stop");
    // the Redis client's answer to a command sent on a pooled connection that Redis closed meanwhile
    assertTrue(FailureMapper.dependencyDown(Future.failedFuture("Connection is closed").cause()));
    assertTrue(FailureMapper.dependencyDown(new RuntimeException("CLUSTERDOWN The cluster is down")));
    assertTrue(FailureMapper.dependencyDown(new TimeoutException("no connection within 10 s")));
    assertFalse(FailureMapper.dependencyDown(new IllegalArgumentException("bad uuid")));
    assertFalse(FailureMapper.dependencyDown(null));
  }
}
