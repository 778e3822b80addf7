package io.surge.http;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ContractCheck;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Walks every operation of the OpenAPI document and sends hostile variants of each of its parameters and body
 * fields (NUL characters, huge numbers and exponents, wrong types, over-long strings, deep nesting, invalid UTF-8,
 * junk cursors, {@code %00} and {@code ..} in path segments), as a customer or an admin so that they reach the
 * handlers. No answer may be a 5xx; every 4xx is a problem, a 400 for a field names it; and an operation none of
 * whose variants succeeded changed nothing. A new operation or field is walked without touching this test.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class HostileInputTest {

  /** The operations that answer a stream that never ends (the sale monitor's id is checked by its own test). */
  private static final List<String> NOT_WALKED = List.of("streamOrderEvents", "streamFlashSaleLive");
  /** Operations whose body (a multipart upload) the document does not describe, so the walk sends none. */
  private static final List<String> UNDESCRIBED_BODY = List.of("adminUploadImage");
  /** Tables that a 4xx may legitimately write (key records, security logs) or that background jobs change. */
  private static final List<String> NOT_FINGERPRINTED = List.of("flyway_schema_history", "catalog_clock",
    "idempotency_keys", "outbox");
  private static final String PLACEHOLDER_TEXT = "__hostile__";
  private static final String PLACEHOLDER = "\"" + PLACEHOLDER_TEXT + "\"";
  private static final int MAX_DEPTH = 3;

  private Api api;
  private Map<String, String> ids;
  private String customer;
  private String admin;
  private String fingerprintSql;
  private final List<String> failures = new ArrayList<>();
  private int sent;

  /** One request: what it varies (a field path or a parameter name, null for the whole body) and how. */
  private record Variant(String field, String what, String uri, Map<String, String> headers, Buffer body,
    String contentType) {
  }

  @Test
  @DisplayName("every operation, every parameter and body field, hostile values: no 5xx, problems name the field, nothing changed")
  void walkEveryOperation(Vertx vertx) {
    api = new Api(vertx);
    long setUp = System.nanoTime();
    fixtures(vertx);
    System.out.printf(Locale.ROOT, "Hostile walk: the shop set up in %.1f s%n", (System.nanoTime() - setUp) / 1e9);
    fingerprintSql = fingerprintSql();
    JsonObject contract = ContractCheck.contract().getRawContract();
    long started = System.nanoTime();
    int operations = 0;
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!(paths.getValue(path) instanceof JsonObject item)) {
        continue; // the schema repository's own annotations
      }
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        if (item.getValue(method) instanceof JsonObject operation
          && !NOT_WALKED.contains(operation.getString("operationId"))) {
          walk(contract, path, item, method, operation);
          operations++;
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "Hostile walk: %d operations, %d requests, %.1f s%n", operations, sent, seconds);
    assertTrue(operations >= 80, "the walk reached " + operations + " operations");
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + sent + " hostile requests were mishandled:\n" + String.join("\n", failures));
    }
  }

  @Test
  @DisplayName("the holes reported in issue 15: NUL in stored text, exponents and huge numbers, %00 in a path, junk cursors, all 400 naming the field")
  void reportedHoles(Vertx vertx) {
    api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String token = api.customerToken();
    String skuId = shop.sku("HOLE", 1000, 5);
    long usersBefore = TestServer.count("SELECT count(*) FROM users");
    assertField(api.post("/api/v1/users", null, new JsonObject().put("email", "nul@example.com")
      .put("password", Api.PASSWORD).put("display_name", "Nul\u0000Character")), "display_name");
    assertField(api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "a\u0000b@example.com").put("password", "x")), "email");
    assertField(api.call(HttpMethod.PATCH, "/api/v1/me").bearer(token)
      .send(new JsonObject().put("display_name", "\u0000")), "display_name");
    assertField(api.post("/api/v1/me/addresses", token, ShopFixture.ADDRESS.copy().put("city", "Lon\u0000don")),
      "city");
    assertField(api.post("/api/v1/support/tickets", token,
      new JsonObject().put("subject", "Late").put("body", "Where\u0000is it?")), "body");
    assertField(api.get("/api/v1/products?price_min=1e3", null), "price_min");
    assertField(api.get("/api/v1/products?price_min=99999999999999999999", null), "price_min");
    assertField(api.get("/api/v1/search?q=x&price_max=1e3", null), "price_max");
    assertField(api.get("/api/v1/products/slug%00x", null), "idOrSlug");
    String junk = Base64.getUrlEncoder().withoutPadding().encodeToString("[\"x\"]".getBytes(StandardCharsets.UTF_8));
    assertField(api.get("/api/v1/admin/skus/" + skuId + "/price-history?cursor=" + junk, shop.admin()), "cursor");
    assertEquals(usersBefore, TestServer.count("SELECT count(*) FROM users"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM addresses"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM tickets"));
  }

  private static void assertField(Reply reply, String field) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals(Problems.CONTENT_TYPE, reply.header("Content-Type"));
    assertEquals(field, reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
  }

  // ---- one operation ----

  private void walk(JsonObject contract, String path, JsonObject item, String method, JsonObject operation) {
    String operationId = operation.getString("operationId");
    List<JsonObject> parameters = new ArrayList<>();
    for (JsonArray list : new JsonArray[] {item.getJsonArray("parameters"), operation.getJsonArray("parameters")}) {
      if (list != null) {
        list.forEach(p -> parameters.add(resolve(contract, (JsonObject) p)));
      }
    }
    boolean secured = operation.containsKey("security") && !operation.getJsonArray("security").isEmpty();
    String token = !secured ? null
      : path.contains("/admin/") || path.contains("/moderation/") || path.contains("/agent/") ? admin : customer;

    JsonObject requestBody = operation.getJsonObject("requestBody");
    JsonObject content = requestBody == null ? null : requestBody.getJsonObject("content");
    JsonObject bodySchema = content == null || !content.containsKey("application/json") ? null
      : resolve(contract, content.getJsonObject("application/json").getJsonObject("schema"));
    // parameter variants carry a valid body, so that they reach past the body's own validation
    Buffer body = bodySchema == null ? null : ((JsonObject) example(contract, bodySchema, "body", 0)).toBuffer();
    String type = body == null ? null : "application/json";
    // without a body it can make (an upload), the body's own problem may be the one answered
    boolean named = (content == null || bodySchema != null) && !UNDESCRIBED_BODY.contains(operationId);
    List<Variant> variants = new ArrayList<>();
    for (JsonObject parameter : parameters) {
      String name = parameter.getString("name");
      switch (parameter.getString("in")) {
        case "path" -> {
          for (String value : PATH_VALUES) {
            // ".." leaves the operation's path: whatever answers there owes this parameter no name
            variants.add(new Variant(value.contains("..") || value.contains("%2e") ? null : name,
              "path " + name + "=" + value,
              uri(path, parameters, Map.of(name, value), null, null), Map.of(), body, type));
          }
        }
        case "query" -> {
          for (String value : "cursor".equals(name) ? junkCursors() : QUERY_VALUES) {
            variants.add(new Variant(name, "query " + name + "=" + abbreviate(value),
              uri(path, parameters, Map.of(), name, value), Map.of(), body, type));
          }
        }
        case "header" -> {
          for (String value : HEADER_VALUES) {
            variants.add(new Variant(name, "header " + name + "=" + abbreviate(value),
              uri(path, parameters, Map.of(), null, null), Map.of(name, value), body, type));
          }
        }
        default -> {
        }
      }
    }
    String base = uri(path, parameters, Map.of(), null, null);
    if (bodySchema != null) {
      bodyVariants(contract, bodySchema, base, variants);
    } else if (content != null && content.containsKey("application/x-ndjson")) {
      for (String line : NDJSON_LINES) {
        variants.add(new Variant(null, "ndjson line " + abbreviate(line), base, Map.of(),
          Buffer.buffer(line.getBytes(StandardCharsets.ISO_8859_1)), "application/x-ndjson"));
      }
    } else if (content == null && !secured && "post".equals(method)) {
      wholeBodies(base, variants); // a webhook: its body is read raw, not through this document
    }
    if (variants.isEmpty()) {
      return;
    }
    String before = fingerprint();
    List<Future<Reply>> replies = new ArrayList<>();
    for (Variant variant : variants) {
      replies.add(send(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), variant, token, parameters));
    }
    Wait.forResult(Future.join(replies).otherwiseEmpty());
    boolean succeeded = false;
    for (int i = 0; i < variants.size(); i++) {
      Variant variant = variants.get(i);
      Future<Reply> reply = replies.get(i);
      sent++;
      if (reply.failed()) {
        failures.add(operationId + " " + variant.what() + ": no answer (" + reply.cause() + ")");
        continue;
      }
      succeeded |= reply.result().status() < 300;
      judge(operationId, variant, reply.result(), named);
    }
    if (!succeeded && !before.equals(fingerprint())) {
      failures.add(operationId + ": no variant succeeded, yet the data changed");
    }
  }

  private Future<Reply> send(HttpMethod method, Variant variant, String token, List<JsonObject> parameters) {
    Api.Call call = api.call(method, variant.uri()).bearer(token);
    for (JsonObject parameter : parameters) {
      if ("header".equals(parameter.getString("in")) && "Idempotency-Key".equals(parameter.getString("name"))
        && !variant.headers().containsKey("Idempotency-Key")) {
        call.header("Idempotency-Key", UUID.randomUUID().toString());
      }
    }
    variant.headers().forEach(call::header);
    return call.sendAsync(variant.body(), variant.contentType());
  }

  private void judge(String operationId, Variant variant, Reply reply, boolean named) {
    String answer = reply.toString();
    String where = operationId + " " + variant.what() + ": "
      + (answer.length() > 400 ? answer.substring(0, 400) + "..." : answer);
    if (reply.status() >= 500) {
      failures.add(where);
      return;
    }
    if (reply.status() < 400) {
      return;
    }
    if (!Problems.CONTENT_TYPE.equals(reply.header("Content-Type"))) {
      failures.add(where + " (not a problem)");
      return;
    }
    JsonObject problem = reply.json();
    if (reply.status() != 400 || variant.field() == null || !named
      || BODY_LEVEL.contains(problem.getString("code"))) {
      return;
    }
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      String field = errors.getJsonObject(i).getString("field", "");
      if (names(field, variant.field())) {
        return;
      }
    }
    failures.add(where + " (does not name " + variant.field() + ")");
  }

  /** Problems about the body as a whole: nothing inside it can be named. */
  private static final List<String> BODY_LEVEL = List.of("malformed_json", "body_too_complex", "body_too_large");

  private static boolean names(String reported, String field) {
    String r = reported.toLowerCase(Locale.ROOT);
    String f = field.toLowerCase(Locale.ROOT);
    return r.equals(f) || f.startsWith(r + ".") || r.startsWith(f + ".");
  }

  // ---- values ----

  private static final List<String> PATH_VALUES = List.of("%00", "x%00y", "..", "%2e%2e", "%ff%fe", "a".repeat(200),
    "1e3", "99999999999999999999", "-1", "00000000-0000-0000-0000-000000000000");
  private static final List<String> QUERY_VALUES = List.of("a%00b", "1e3", "99999999999999999999",
    "-99999999999999999999", "-1", "1.5", "%ff%fe", "x".repeat(600), "true", "%25", "");
  private static final List<String> HEADER_VALUES = List.of("x".repeat(300), "1e3", "-1", "\"99999999999999999999\"",
    "W/\"1e3\"", "*");
  private static final List<String> NDJSON_LINES = List.of("{\"slug\":\"a\\u0000b\",\"title\":\"t\"}\n",
    "{\"slug\":\"nul-title\",\"title\":\"a\\u0000b\"}\n", "[".repeat(5000) + "\n",
    "{\"slug\":\"big\",\"title\":\"t\",\"skus\":[{\"code\":\"A\",\"price_amount\":1e400,\"currency\":\"EUR\"}]}\n",
    "{\"slug\":\"utf\",\"title\":\"\u00c3\u0028\"}\n",
    "{\"slug\":\"x\",\"title\":\"t\",\"attributes\":{\"\\u0000\":1}}\n");

  /** Cursors this server never issued: not base64, not JSON, wrong shapes and types, NULs. */
  private static List<String> junkCursors() {
    List<String> cursors = new ArrayList<>(List.of("not+a+cursor%21", "%00", "x".repeat(600)));
    for (String json : List.of("[]", "{}", "[\"x\"]", "[null]", "[1e400]", "[\"a\\u0000\"]", "[1,2,3,4]",
      "[\"2024-01-01T00:00:00Z\",\"x\"]", "[99999999999999999999,\"x\"]", "[\"\\u0000\",\"\\u0000\"]", "[[[[]]]]")) {
      cursors.add(Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }
    return cursors;
  }

  /** Hostile JSON values for a field of this type, as raw bytes (some are not valid JSON, or not valid UTF-8). */
  private static List<byte[]> hostileValues(JsonObject schema) {
    List<String> values = new ArrayList<>();
    String type = type(schema);
    switch (type) {
      case "integer", "number" -> values.addAll(List.of("1e3", "1e400", "-1e400", "99999999999999999999", "1.5",
        "\"1\""));
      case "boolean" -> values.addAll(List.of("\"true\"", "1", "\"\\u0000\""));
      case "array" -> values.addAll(List.of("\"x\"", "{}", "[null]", "[1e400]", "[\"a\\u0000b\"]"));
      case "object" -> values.addAll(List.of("\"x\"", "[]", "{\"\\u0000\":1}", "{\"k\":\"a\\u0000b\"}"));
      default -> values.addAll(List.of("\"a\\u0000b\"", "\"" + "x".repeat(100_000) + "\"", "12345",
        "\"\\ud800\"", "\"a\u00c3\u0028b\""));
    }
    if ("array".equals(type) || "object".equals(type)) {
      values.add("[".repeat(3000) + "]".repeat(3000)); // the whole body is nested deeply in every operation too
    }
    values.add("null");
    return values.stream().map(v -> v.getBytes(StandardCharsets.ISO_8859_1)).toList();
  }

  private static void wholeBodies(String uri, List<Variant> variants) {
    for (String body : List.of("[]", "\"x\"", "null", "{", "[".repeat(5000), "{\"\\u0000\":1}",
      "{\"a\":\"\\u0000\"}", "\u00ff\u00fe{}", "1e400")) {
      variants.add(new Variant(null, "body " + abbreviate(body), uri, Map.of(),
        Buffer.buffer(body.getBytes(StandardCharsets.ISO_8859_1)), "application/json"));
    }
  }

  private void bodyVariants(JsonObject contract, JsonObject schema, String uri, List<Variant> variants) {
    wholeBodies(uri, variants);
    JsonObject base = (JsonObject) example(contract, schema, "body", 0);
    List<List<Object>> fields = new ArrayList<>();
    List<JsonObject> schemas = new ArrayList<>();
    fields(contract, schema, new ArrayList<>(), fields, schemas, 0);
    for (int i = 0; i < fields.size(); i++) {
      List<Object> field = fields.get(i);
      JsonObject body = base.copy();
      if (!base.containsKey((String) field.get(0))) {
        // an optional member varied: without the base's optional choice (checkout takes one of two)
        List<String> required = required(contract, schema);
        body.fieldNames().removeIf(member -> !required.contains(member));
      }
      place(contract, schema, body, field, PLACEHOLDER_TEXT);
      String[] halves = body.encode().split(Pattern.quote(PLACEHOLDER), 2);
      if (halves.length != 2) {
        fail("could not place a hostile value at " + field);
      }
      String name = String.join(".", field.stream().map(String::valueOf).toList());
      for (byte[] value : hostileValues(schemas.get(i))) {
        Buffer raw = Buffer.buffer(halves[0]).appendBytes(value).appendString(halves[1]);
        variants
          .add(new Variant(name, "body " + name + "=" + abbreviate(new String(value, StandardCharsets.ISO_8859_1)),
            uri, Map.of(), raw, "application/json"));
      }
    }
  }

  // ---- the schema, walked ----

  private static JsonObject resolve(JsonObject contract, JsonObject schema) {
    JsonObject s = schema;
    while (s != null && s.containsKey("$ref")) {
      JsonObject node = contract;
      for (String part : s.getString("$ref").substring(2).split("/")) {
        node = node.getJsonObject(part);
      }
      s = node;
    }
    return s == null ? new JsonObject() : s;
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      for (Object t : types) {
        if (!"null".equals(t)) {
          return (String) t;
        }
      }
    }
    if (type instanceof String t) {
      return t;
    }
    if (schema.containsKey("properties") || schema.containsKey("allOf")) {
      return "object";
    }
    return "string";
  }

  /** Every property of an object schema (with allOf merged), to {@link #MAX_DEPTH}; a map's values under "k". */
  private static JsonObject properties(JsonObject contract, JsonObject schema) {
    JsonObject properties = new JsonObject();
    if (schema.containsKey("allOf")) {
      schema.getJsonArray("allOf").forEach(part -> properties.mergeIn(properties(contract,
        resolve(contract, (JsonObject) part))));
    }
    if (schema.containsKey("properties")) {
      properties.mergeIn(schema.getJsonObject("properties"));
    }
    return properties;
  }

  private static List<String> required(JsonObject contract, JsonObject schema) {
    List<String> required = new ArrayList<>();
    if (schema.containsKey("allOf")) {
      schema.getJsonArray("allOf").forEach(part -> required.addAll(required(contract, resolve(contract,
        (JsonObject) part))));
    }
    schema.getJsonArray("required", new JsonArray()).forEach(r -> required.add((String) r));
    // One of several alternatives is required (checked in code so the error names the field): take the first.
    JsonArray alternatives = schema.getJsonArray("x-required-one-of");
    if (alternatives != null && !alternatives.isEmpty()) {
      alternatives.getJsonArray(0).forEach(r -> required.add((String) r));
    }
    return required;
  }

  private static JsonObject mapValues(JsonObject contract, JsonObject schema) {
    Object additional = schema.getValue("additionalProperties");
    if (!(additional instanceof JsonObject values)) {
      return null;
    }
    JsonObject resolved = resolve(contract, values);
    return resolved.containsKey("oneOf") ? resolve(contract, resolved.getJsonArray("oneOf").getJsonObject(0))
      : resolved;
  }

  private static void fields(JsonObject contract, JsonObject schema, List<Object> at, List<List<Object>> out,
    List<JsonObject> schemas, int depth) {
    if (depth >= MAX_DEPTH) {
      return;
    }
    JsonObject properties = properties(contract, schema);
    JsonObject mapValues = properties.isEmpty() ? mapValues(contract, schema) : null;
    if (mapValues != null) {
      properties.put("k", mapValues);
    }
    for (String name : properties.fieldNames()) {
      if (!(properties.getValue(name) instanceof JsonObject declared)) {
        continue;
      }
      JsonObject property = resolve(contract, declared);
      List<Object> path = new ArrayList<>(at);
      path.add(name);
      out.add(path);
      schemas.add(property);
      String type = type(property);
      if ("object".equals(type)) {
        fields(contract, property, path, out, schemas, depth + 1);
      } else if ("array".equals(type) && property.containsKey("items")) {
        JsonObject items = resolve(contract, property.getJsonObject("items"));
        if ("object".equals(type(items))) {
          List<Object> first = new ArrayList<>(path);
          first.add(0);
          fields(contract, items, first, out, schemas, depth + 1);
        }
      }
    }
  }

  /** Sets {@code value} at {@code path}, making the objects and arrays on the way from the schema's examples. */
  private void place(JsonObject contract, JsonObject schema, Object container, List<Object> path, Object value) {
    Object key = path.get(0);
    boolean last = path.size() == 1;
    if (container instanceof JsonArray array) {
      JsonObject items = resolve(contract, schema.getJsonObject("items"));
      if (array.isEmpty()) {
        array.add(example(contract, items, "item", 0));
      }
      if (last) {
        array.set(0, value);
      } else {
        place(contract, items, array.getValue(0), path.subList(1, path.size()), value);
      }
      return;
    }
    JsonObject object = (JsonObject) container;
    String name = (String) key;
    JsonObject properties = properties(contract, schema);
    JsonObject child = properties.containsKey(name) ? resolve(contract, properties.getJsonObject(name))
      : mapValues(contract, schema);
    if (last) {
      object.put(name, value);
      return;
    }
    if (object.getValue(name) == null) {
      object.put(name, example(contract, child, name, 0));
    }
    place(contract, child, object.getValue(name), path.subList(1, path.size()), value);
  }

  /** A valid value for the schema (required members only), using the fixtures' ids where a field names one. */
  private Object example(JsonObject contract, JsonObject raw, String name, int depth) {
    JsonObject schema = resolve(contract, raw);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    if (schema.containsKey("oneOf")) {
      return example(contract, schema.getJsonArray("oneOf").getJsonObject(0), name, depth);
    }
    switch (type(schema)) {
      case "object" -> {
        JsonObject object = new JsonObject();
        JsonObject properties = properties(contract, schema);
        List<String> members = required(contract, schema);
        if (members.isEmpty() && !properties.isEmpty()) {
          // a patch needs one member, a choice (checkout: an address id or an address) its first option
          members = properties.fieldNames().stream().filter(n -> properties.getValue(n) instanceof JsonObject)
            .limit(1).toList();
        }
        for (String member : members) {
          if (depth < MAX_DEPTH) {
            object.put(member, example(contract, properties.getJsonObject(member), member, depth + 1));
          }
        }
        return object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        for (int i = 0; i < Math.max(1, schema.getInteger("minItems", 1)); i++) {
          array.add(example(contract, schema.getJsonObject("items", new JsonObject()), name, depth + 1));
        }
        return array;
      }
      case "integer", "number" -> {
        long low = schema.getLong("minimum", 1L);
        return Math.min(Math.max(1L, low), schema.getLong("maximum", Long.MAX_VALUE));
      }
      case "boolean" -> {
        return false;
      }
      default -> {
        return text(schema, name);
      }
    }
  }

  private String text(JsonObject schema, String name) {
    String format = schema.getString("format", "");
    if ("uuid".equals(format)) {
      return ids.getOrDefault(name, UUID.randomUUID().toString());
    }
    if ("date-time".equals(format)) {
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      return (name.startsWith("end") || "to".equals(name) ? now.plusHours(2) : now.plusHours(1)).toString();
    }
    String pattern = schema.getString("pattern");
    if (pattern != null) {
      return switch (pattern) {
        case "^[a-z0-9]+(-[a-z0-9]+)*$" -> "walked-" + Long.toString(System.nanoTime(), 36);
        case "^[A-Z]{3}$" -> "EUR";
        case "^[A-Z]{2}$" -> "GB";
        case "^\\+?[0-9 ()-]{5,24}$" -> "+44 20 7946 0958";
        case "^[^@\\s]+@[^@\\s]+$" -> "walker-" + UUID.randomUUID() + "@example.com";
        case "^[A-Za-z0-9][A-Za-z0-9._-]*$" -> "WALK-" + Long.toString(System.nanoTime(), 36);
        default -> "walked";
      };
    }
    String text = "walked " + name;
    int max = schema.getInteger("maxLength", 1000);
    return text.length() > max ? text.substring(0, max) : text;
  }

  // ---- requests ----

  /** The operation's URI with its path filled from the fixtures and its required query parameters set. */
  private String uri(String path, List<JsonObject> parameters, Map<String, String> pathOverrides, String queryName,
    String queryValue) {
    String uri = path;
    StringBuilder query = new StringBuilder();
    for (JsonObject parameter : parameters) {
      String name = parameter.getString("name");
      if ("path".equals(parameter.getString("in"))) {
        String value = pathOverrides.containsKey(name) ? pathOverrides.get(name) : pathValue(path, name);
        uri = uri.replace("{" + name + "}", value);
      } else if ("query".equals(parameter.getString("in")) && (name.equals(queryName)
        || parameter.getBoolean("required", false))) {
        query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
          .append(name.equals(queryName) ? queryValue : "walked");
      }
    }
    return uri + query;
  }

  private String pathValue(String path, String name) {
    return switch (name) {
      case "skuId", "sku" -> ids.get("sku_id");
      case "priceId" -> ids.get("price_id");
      case "idOrSlug" -> ids.get("slug");
      case "id" -> {
        for (Map.Entry<String, String> prefix : ID_BY_PATH.entrySet()) {
          if (path.startsWith(prefix.getKey())) {
            yield ids.getOrDefault(prefix.getValue(), UUID.randomUUID().toString());
          }
        }
        yield UUID.randomUUID().toString();
      }
      default -> UUID.randomUUID().toString();
    };
  }

  private static final Map<String, String> ID_BY_PATH = Map.ofEntries(
    Map.entry("/api/v1/me/addresses/", "address_id"), Map.entry("/api/v1/admin/users/", "user_id"),
    Map.entry("/api/v1/admin/categories/", "category_id"), Map.entry("/api/v1/admin/products/", "product_id"),
    Map.entry("/api/v1/products/", "product_id"), Map.entry("/api/v1/orders/", "order_id"),
    Map.entry("/api/v1/admin/orders/", "order_id"), Map.entry("/api/v1/flash-sales/", "flash_sale_id"),
    Map.entry("/api/v1/admin/flash-sales/", "flash_sale_id"), Map.entry("/api/v1/support/tickets/", "ticket_id"),
    Map.entry("/api/v1/support/agent/tickets/", "ticket_id"));

  private static String abbreviate(String text) {
    String printable = text.replace("\n", "\\n");
    return printable.length() > 80 ? printable.substring(0, 60) + "...(" + printable.length() + ")" : printable;
  }

  // ---- the shop the walk runs in ----

  private void fixtures(Vertx vertx) {
    ShopFixture shop = new ShopFixture(api, vertx);
    admin = shop.admin();
    String email = "walker-" + UUID.randomUUID() + "@example.com";
    String userId = api.register(email).getString("id");
    customer = api.logIn(email, Api.PASSWORD).getString("access_token");
    JsonObject product = shop.product("WALK", 1999, 50);
    String skuId = ShopFixture.firstSkuId(product);
    String saleSku = shop.sku("WALKSALE", 2999, 50);
    ids = new java.util.HashMap<>();
    ids.put("user_id", userId);
    ids.put("product_id", product.getString("id"));
    ids.put("slug", product.getString("slug"));
    ids.put("sku_id", skuId);
    ids.put("order_id", shop.order(customer, skuId, 1));
    ids.put("address_id", created(api.post("/api/v1/me/addresses", customer, ShopFixture.ADDRESS)));
    ids.put("category_id", created(api.post("/api/v1/admin/categories", admin,
      new JsonObject().put("slug", "walked-category").put("name", "Walked"))));
    ids.put("parent_id", ids.get("category_id"));
    ids.put("ticket_id", created(api.post("/api/v1/support/tickets", customer,
      new JsonObject().put("subject", "Where is it?").put("body", "My parcel is late."))));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    ids.put("flash_sale_id", created(api.post("/api/v1/admin/flash-sales", admin, new JsonObject()
      .put("sku_id", saleSku).put("sale_amount", 999).put("quantity", 5)
      .put("starts_at", now.plusHours(1).toString()).put("ends_at", now.plusHours(2).toString()))));
    ids.put("price_id", created(api.post("/api/v1/admin/skus/" + skuId + "/scheduled-prices", admin,
      new JsonObject().put("amount", 1499).put("starts_at", now.plusDays(1).toString()))));
  }

  private static String created(Reply reply) {
    assertTrue(reply.status() == 200 || reply.status() == 201, reply::toString);
    return reply.json().getString("id");
  }

  /** Row counts and latest updates of the shop's tables, in one query. */
  private static String fingerprintSql() {
    List<String> parts = new ArrayList<>();
    Wait.forResult(TestServer.db().query("SELECT table_name, bool_or(column_name = 'updated_at') FROM "
      + "information_schema.columns WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name").execute())
      .forEach(row -> {
        String table = row.getString(0);
        if (!NOT_FINGERPRINTED.contains(table)) {
          parts.add("'" + table + "=' || (SELECT count(*) FROM " + table + ")");
          if (row.getBoolean(1)) {
            parts.add("coalesce((SELECT max(updated_at)::text FROM " + table + "), '-')");
          }
        }
      });
    return "SELECT " + String.join(" || ',' || ", parts);
  }

  private String fingerprint() {
    return Wait.forResult(TestServer.db().query(fingerprintSql).execute()).iterator().next().getString(0);
  }
}
