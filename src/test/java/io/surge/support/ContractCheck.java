package io.surge.support;

import io.surge.app.ApiVerticle;
import io.surge.docs.ApiDocs;
import io.surge.http.CachingContract;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Checks every response a test receives against the OpenAPI document the server is built from: the status is one
 * the operation lists (or its {@code default}), and a JSON body (application/json or problem+json) matches the
 * schema the document gives for that status and media type. Uses the same JSON-schema machinery as the server's
 * request validation ({@link CachingContract}: one compiled validator per schema). Violations are collected and
 * fail the test after it ran ({@link SurgeServerExtension}), naming the operation, the status and the schema error,
 * so the document cannot drift from the code.
 */
public final class ContractCheck {

  private static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
  private static volatile OpenAPIContract contract;
  private static JsonObject document;
  private static Vertx loader;

  private ContractCheck() {
  }

  /** Loads the document once, on the calling (test) thread. */
  public static OpenAPIContract contract() {
    OpenAPIContract loaded = contract;
    if (loaded == null) {
      synchronized (ContractCheck.class) {
        if (contract == null) {
          loader = Vertx.vertx();
          document = document();
          contract = new CachingContract(Wait.forResult(OpenAPIContract.from(loader, forChecks(document))));
        }
        loaded = contract;
      }
    }
    return loaded;
  }

  /** The source document, as JSON (what the server serves). */
  public static JsonObject document() {
    try (InputStream in = ContractCheck.class.getClassLoader().getResourceAsStream(ApiVerticle.CONTRACT)) {
      return new JsonObject(ApiDocs.toJson(Buffer.buffer(in.readAllBytes())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document as Vert.x's contract loader takes it, schemas intact: it refuses response media types it cannot
   * validate, so a problem+json body's schema is kept under application/json (the check compares the media type
   * with the source document first), streams are left out, and response headers (not checked) dropped.
   */
  static JsonObject forChecks(JsonObject source) {
    JsonObject copy = source.copy();
    copy.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
        jsonOnly(responses);
      }
    }));
    jsonOnly(copy.getJsonObject("components").getJsonObject("responses"));
    return copy;
  }

  private static void jsonOnly(JsonObject responses) {
    responses.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject response) {
        response.remove("headers");
        if (response.getValue("content") instanceof JsonObject content) {
          JsonObject kept = new JsonObject();
          content.forEach(media -> {
            if (media.getKey().equals("application/json") || media.getKey().endsWith("+json")) {
              kept.put("application/json", media.getValue());
            }
          });
          if (kept.isEmpty()) {
            response.remove("content");
          } else {
            response.put("content", kept);
          }
        }
      }
    });
  }

  /** The media types the source document gives this operation's response (following a $ref to components). */
  private static Set<String> declaredMediaTypes(Operation operation, String status) {
    JsonObject responses = document.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
      .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("responses");
    JsonObject response = responses.getJsonObject(status, responses.getJsonObject("default"));
    if (response != null && response.getString("$ref") != null) {
      String[] ref = response.getString("$ref").split("/");
      response = document.getJsonObject("components").getJsonObject("responses").getJsonObject(ref[ref.length - 1]);
    }
    return response == null || response.getJsonObject("content") == null ? Set.of()
      : response.getJsonObject("content").fieldNames();
  }

  /** Checks one response to {@code method uri}; records what does not match the document. */
  public static void observe(HttpMethod method, String uri, int status, MultiMap headers, Buffer body) {
    String violation = violation(method, uri, status, headers.get("Content-Type"), body);
    if (violation != null) {
      VIOLATIONS.add(violation);
    }
  }

  /** The violations recorded since the last call, and forgets them. */
  public static List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String v = VIOLATIONS.poll(); v != null; v = VIOLATIONS.poll()) {
      drained.add(v);
    }
    return drained;
  }

  static String violation(HttpMethod method, String uri, int status, String contentType, Buffer body) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    if (!path.startsWith("/api/")) {
      return null; // pages, health, keys: not part of the API's document
    }
    if (hasDotSegment(path)) {
      // The server resolves dot segments (raw or percent-encoded, RFC 3986) into another route, whose answer this
      // path's template cannot describe; the hostile-input walker sends them to prove they reach nothing unsafe.
      return null;
    }
    OpenAPIContract doc = contract();
    Operation operation = doc.findOperation(path, method);
    if (operation == null) {
      // an unknown route answers the router's own 404/405 problem; a known path with another method too
      return null;
    }
    String where = method + " " + operation.getOpenAPIPath() + " (" + operation.getOperationId() + ") answered "
      + status + " " + (contentType == null ? "(no Content-Type)" : contentType) + " [" + uri + "]: ";
    Response response = operation.getResponse(status);
    if (response == null) {
      response = operation.getDefaultResponse();
    }
    if (response == null) {
      return where + "status " + status + " is not listed for this operation. Body: " + excerpt(body);
    }
    if (body.length() == 0 || contentType == null) {
      return null;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      return null;
    }
    Set<String> declared = declaredMediaTypes(operation, Integer.toString(status));
    MediaType described = response.getContent().get("application/json");
    if (!declared.contains(mediaType) || described == null || described.getSchema() == null) {
      return where + "no schema for " + mediaType + " under this status (described: " + declared + "). Body: "
        + excerpt(body);
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      return where + "the body is not JSON: " + excerpt(body);
    }
    OutputUnit result = doc.getSchemaRepository().validator(described.getSchema()).validate(json);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    return where + "the body does not match its schema: " + errors(result) + " Body: " + excerpt(body);
  }

  private static String errors(OutputUnit result) {
    List<String> errors = new ArrayList<>();
    if (result.getErrors() != null) {
      for (OutputUnit error : result.getErrors()) {
        errors.add(error.getInstanceLocation() + " " + error.getError() + " (at " + error.getKeywordLocation() + ")");
      }
    }
    if (errors.isEmpty()) {
      errors.add(String.valueOf(result.getError()));
    }
    return String.join("; ", errors.subList(0, Math.min(errors.size(), 6)));
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static String excerpt(Buffer body) {
    String text = body.toString();
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }
}
