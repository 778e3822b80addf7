package io.surge.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.surge.http.OpenApiSchemas.MAX_DEPTH;
import static io.surge.http.OpenApiSchemas.mapValues;
import static io.surge.http.OpenApiSchemas.properties;
import static io.surge.http.OpenApiSchemas.required;
import static io.surge.http.OpenApiSchemas.resolve;
import static io.surge.http.OpenApiSchemas.type;

/**
 * Valid values built from the document's schemas, so that a hostile value in one field reaches past the validation
 * of all the others; ids that name something use the walk's fixtures (the shop it runs in), so handlers get far.
 */
final class ExampleValues {

  private final JsonObject contract;
  private final Map<String, String> ids;

  ExampleValues(JsonObject contract, Map<String, String> ids) {
    this.contract = contract;
    this.ids = ids;
  }

  /** A valid value for the schema (required members only), using the fixtures' ids where a field names one. */
  Object example(JsonObject raw, String name, int depth) {
    JsonObject schema = resolve(contract, raw);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    if (schema.containsKey("oneOf")) {
      return example(schema.getJsonArray("oneOf").getJsonObject(0), name, depth);
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
            object.put(member, example(properties.getJsonObject(member), member, depth + 1));
          }
        }
        return object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        for (int i = 0; i < Math.max(1, schema.getInteger("minItems", 1)); i++) {
          array.add(example(schema.getJsonObject("items", new JsonObject()), name, depth + 1));
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

  /** Sets {@code value} at {@code path}, making the objects and arrays on the way from the schema's examples. */
  void place(JsonObject schema, Object container, List<Object> path, Object value) {
    Object key = path.get(0);
    boolean last = path.size() == 1;
    if (container instanceof JsonArray array) {
      JsonObject items = resolve(contract, schema.getJsonObject("items"));
      if (array.isEmpty()) {
        array.add(example(items, "item", 0));
      }
      if (last) {
        array.set(0, value);
      } else {
        place(items, array.getValue(0), path.subList(1, path.size()), value);
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
      object.put(name, example(child, name, 0));
    }
    place(child, object.getValue(name), path.subList(1, path.size()), value);
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
}
