package io.surge.http;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The hostile values the walk sends: NUL characters, huge numbers and exponents, wrong types, over-long strings, deep
 * nesting, invalid UTF-8, junk cursors, {@code %00} and {@code ..} in path segments. Raw bytes where the value is
 * not valid JSON or not valid UTF-8, so that the server's own decoding is what is tested.
 */
final class HostileValues {

  static final List<String> PATH = List.of("%00", "x%00y", "..", "%2e%2e", "%ff%fe", "a".repeat(200), "1e3",
    "99999999999999999999", "-1", "00000000-0000-0000-0000-000000000000");
  static final List<String> QUERY = List.of("a%00b", "1e3", "99999999999999999999", "-99999999999999999999", "-1",
    "1.5", "%ff%fe", "x".repeat(600), "true", "%25", "");
  static final List<String> HEADER = List.of("x".repeat(300), "1e3", "-1", "\"99999999999999999999\"", "W/\"1e3\"",
    "*");
  static final List<String> NDJSON_LINES = List.of("{\"slug\":\"a\\u0000b\",\"title\":\"t\"}\n",
    "{\"slug\":\"nul-title\",\"title\":\"a\\u0000b\"}\n", "[".repeat(5000) + "\n",
    "{\"slug\":\"big\",\"title\":\"t\",\"skus\":[{\"code\":\"A\",\"price_amount\":1e400,\"currency\":\"EUR\"}]}\n",
    "{\"slug\":\"utf\",\"title\":\"\u00c3\u0028\"}\n",
    "{\"slug\":\"x\",\"title\":\"t\",\"attributes\":{\"\\u0000\":1}}\n");
  /** Whole bodies that are not the object any operation takes (a webhook reads its body raw). */
  static final List<String> WHOLE_BODIES = List.of("[]", "\"x\"", "null", "{", "[".repeat(5000), "{\"\\u0000\":1}",
    "{\"a\":\"\\u0000\"}", "\u00ff\u00fe{}", "1e400");

  private HostileValues() {
  }

  /** Cursors this server never issued: not base64, not JSON, wrong shapes and types, NULs. */
  static List<String> junkCursors() {
    List<String> cursors = new ArrayList<>(List.of("not+a+cursor%21", "%00", "x".repeat(600)));
    for (String json : List.of("[]", "{}", "[\"x\"]", "[null]", "[1e400]", "[\"a\\u0000\"]", "[1,2,3,4]",
      "[\"2024-01-01T00:00:00Z\",\"x\"]", "[99999999999999999999,\"x\"]", "[\"\\u0000\",\"\\u0000\"]", "[[[[]]]]")) {
      cursors.add(Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }
    return cursors;
  }

  /** Hostile JSON values for a field of this type, as raw bytes (some are not valid JSON, or not valid UTF-8). */
  static List<byte[]> forField(JsonObject schema) {
    List<String> values = new ArrayList<>();
    String type = OpenApiSchemas.type(schema);
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

  static String abbreviate(String text) {
    String printable = text.replace("\n", "\\n");
    return printable.length() > 80 ? printable.substring(0, 60) + "...(" + printable.length() + ")" : printable;
  }
}
