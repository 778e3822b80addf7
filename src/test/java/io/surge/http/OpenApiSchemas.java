package io.surge.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The OpenAPI document's schemas, read the way the walk needs them: refs followed, allOf merged, fields listed. */
final class OpenApiSchemas {

  /** How deep into nested objects and arrays the walk varies fields and builds examples. */
  static final int MAX_DEPTH = 3;

  private OpenApiSchemas() {
  }

  static JsonObject resolve(JsonObject contract, JsonObject schema) {
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

  static String type(JsonObject schema) {
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
  static JsonObject properties(JsonObject contract, JsonObject schema) {
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

  static List<String> required(JsonObject contract, JsonObject schema) {
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

  static JsonObject mapValues(JsonObject contract, JsonObject schema) {
    Object additional = schema.getValue("additionalProperties");
    if (!(additional instanceof JsonObject values)) {
      return null;
    }
    JsonObject resolved = resolve(contract, values);
    return resolved.containsKey("oneOf") ? resolve(contract, resolved.getJsonArray("oneOf").getJsonObject(0))
      : resolved;
  }

  /** Every field path of the schema (an array's first item as index 0) into {@code out}, its schema into schemas. */
  static void fields(JsonObject contract, JsonObject schema, List<Object> at, List<List<Object>> out,
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
}
