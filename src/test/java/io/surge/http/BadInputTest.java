package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile or broken bodies get a problem+json 4xx with a stable code, and nothing is written. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class BadInputTest {

  private Api api;
  private long usersBefore;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    usersBefore = TestServer.count("SELECT count(*) FROM users");
  }

  @AfterEach
  void nothingWritten() {
    assertEquals(usersBefore, TestServer.count("SELECT count(*) FROM users"), "no user was created");
  }

  private Reply register(String rawBody) {
    return api.call(HttpMethod.POST, "/api/v1/users").sendRaw(rawBody);
  }

  private static void assertProblem(Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply::toString);
    assertEquals(Problems.CONTENT_TYPE, reply.header("Content-Type"));
    assertEquals(code, reply.code(), reply::toString);
    assertEquals(status, reply.json().getInteger("status"));
    assertNotNull(reply.json().getString("title"));
    assertNotNull(reply.json().getString("request_id"));
  }

  @Test
  @DisplayName("malformed JSON: 400 malformed_json")
  void malformedJson() {
    assertProblem(register("{\"email\": \"a@example.com\", "), 400, "malformed_json");
  }

  @Test
  @DisplayName("an unknown field (mass assignment of roles): 400 validation_failed naming the field")
  void unknownField() {
    Reply reply = register("{\"email\":\"x@example.com\",\"password\":\"long-enough-password\",\"display_name\":\"X\","
      + "\"roles\":[\"admin\"]}");
    assertProblem(reply, 400, "validation_failed");
    assertTrue(reply.json().getJsonArray("errors").encode().contains("roles"), reply::toString);
  }

  @Test
  @DisplayName("a wrong type: 400 validation_failed with the field in errors[]")
  void wrongType() {
    Reply reply = register("{\"email\":\"x@example.com\",\"password\":\"long-enough-password\",\"display_name\":42}");
    assertProblem(reply, 400, "validation_failed");
    assertEquals("display_name", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"),
      reply::toString);
    assertError(reply, "/display_name", "type");
  }

  @Test
  @DisplayName("a missing required field: 400 validation_failed, each missing field named by its pointer, code required")
  void missingField() {
    Reply reply = register("{\"email\":\"x@example.com\"}");
    assertProblem(reply, 400, "validation_failed");
    assertError(reply, "/password", "required");
    assertError(reply, "/display_name", "required");
  }

  @Test
  @DisplayName("every entry of errors[] is one a form can use: a JSON pointer, a stable code and a sentence, never 'body'")
  void formUsableErrors() {
    Reply tooLong = register("{\"email\":\"x@example.com\",\"password\":\"long-enough-password\","
      + "\"display_name\":\"" + "x".repeat(500) + "\",\"roles\":[\"admin\"]}");
    assertProblem(tooLong, 400, "validation_failed");
    assertError(tooLong, "/display_name", "too_long");
    assertError(tooLong, "/roles", "unknown_field");
    for (Object entry : tooLong.json().getJsonArray("errors")) {
      JsonObject error = (JsonObject) entry;
      assertFalse(error.getString("message").isBlank(), error::encode);
      assertFalse(error.getString("message").contains("Instance"), "a sentence, not the validator's: " + error);
    }

    Reply badSku = api.post("/api/v1/admin/products", api.adminToken(), new JsonObject().put("slug", "form-errors")
      .put("title", "Form errors").put("skus", new JsonArray()
        .add(new JsonObject().put("code", "OK-1").put("price_amount", 100).put("currency", "EUR"))
        .add(new JsonObject().put("code", "bad code!").put("price_amount", -1).put("currency", "EUR"))));
    assertEquals(400, badSku.status(), badSku::toString);
    assertError(badSku, "/skus/1/code", "pattern");
    assertError(badSku, "/skus/1/price_amount", "minimum");
    assertEquals("skus.1.code", error(badSku, "/skus/1/code").getString("field"), "field keeps its dotted form");
  }

  static JsonObject error(Reply reply, String pointer) {
    for (Object entry : reply.json().getJsonArray("errors")) {
      if (pointer.equals(((JsonObject) entry).getString("pointer"))) {
        return (JsonObject) entry;
      }
    }
    throw new AssertionError("no error at " + pointer + ": " + reply);
  }

  static void assertError(Reply reply, String pointer, String code) {
    assertEquals(code, error(reply, pointer).getString("code"), reply::toString);
  }

  @Test
  @DisplayName("a body over the 1 MiB limit: 413 body_too_large")
  void oversizeBody() {
    String padding = "x".repeat(1_100_000);
    Reply reply = api.call(HttpMethod.POST, "/api/v1/users").sendRaw(Buffer.buffer(
      "{\"email\":\"x@example.com\",\"password\":\"long-enough-password\",\"display_name\":\"" + padding + "\"}"));
    assertProblem(reply, 413, "body_too_large");
  }

  @Test
  @DisplayName("deeply nested JSON: a 400 problem, not a stack overflow")
  void deepNesting() {
    Reply reply = register("{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertEquals(400, reply.status(), reply::toString);
    assertEquals(Problems.CONTENT_TYPE, reply.header("Content-Type"));
    assertNotNull(reply.code());
  }

  @Test
  @DisplayName("a 4xx problem never leaks Java internals")
  void noInternalsInProblems() {
    Reply reply = register("{\"email\": [}");
    assertFalse(reply.body().toString().contains("Exception"), reply::toString);
    assertFalse(reply.body().toString().contains("at io."), reply::toString);
  }
}
