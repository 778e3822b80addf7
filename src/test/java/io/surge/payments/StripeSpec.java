package io.surge.payments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Stripe's own OpenAPI description (API version 2023-08-16, in {@code ../shared/datasets/stripe-openapi/}) as a
 * test oracle: does a JSON value fit a schema (required fields, no field Stripe does not have, types, nullability,
 * enums, {@code anyOf} for expandable fields), and which parameters does an operation take. Where the file is
 * absent the calling test is skipped with a message; CI has it.
 */
final class StripeSpec {

  static final Path FILE = Path.of("../shared/datasets/stripe-openapi/spec3-2023-08-16.json.gz");

  private static StripeSpec loaded;

  private final JsonObject spec;
  private final JsonObject schemas;

  private StripeSpec(JsonObject spec) {
    this.spec = spec;
    this.schemas = spec.getJsonObject("components").getJsonObject("schemas");
  }

  static synchronized StripeSpec loadOrSkip() {
    Assumptions.assumeTrue(Files.exists(FILE), "Stripe's API description is not at " + FILE.toAbsolutePath()
      + ": the sandbox-fidelity checks are skipped (CI has the file)");
    if (loaded == null) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(FILE))) {
        loaded = new StripeSpec(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }

  /** Where {@code value} departs from component schema {@code name}; empty when it fits. */
  List<String> check(String name, Object value) {
    List<String> problems = new ArrayList<>();
    validate(schemas.getJsonObject(name), value, name, problems);
    return problems;
  }

  /** Where {@code value} departs from the operation's 200 answer. */
  List<String> checkAnswer(String method, String path, Object value) {
    JsonObject schema = operation(method, path).getJsonObject("responses").getJsonObject("200")
      .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
    List<String> problems = new ArrayList<>();
    validate(schema, value, method + " " + path, problems);
    return problems;
  }

  /** The operation's parameter names: query and path parameters, and its form body's top-level fields. */
  Set<String> parameters(String method, String path) {
    JsonObject operation = operation(method, path);
    Set<String> names = new HashSet<>();
    JsonArray params = operation.getJsonArray("parameters", new JsonArray());
    params.forEach(p -> names.add(((JsonObject) p).getString("name")));
    JsonObject body = operation.getJsonObject("requestBody");
    if (body != null) {
      JsonObject form = body.getJsonObject("content").getJsonObject("application/x-www-form-urlencoded");
      if (form != null) {
        names.addAll(form.getJsonObject("schema").getJsonObject("properties", new JsonObject()).fieldNames());
      }
    }
    return names;
  }

  boolean hasOperation(String method, String path) {
    JsonObject item = spec.getJsonObject("paths").getJsonObject(path);
    return item != null && item.containsKey(method.toLowerCase(java.util.Locale.ROOT));
  }

  private JsonObject operation(String method, String path) {
    return spec.getJsonObject("paths").getJsonObject(path).getJsonObject(method.toLowerCase(java.util.Locale.ROOT));
  }

  private JsonObject resolve(JsonObject schema) {
    String ref = schema.getString("$ref");
    return ref == null ? schema : schemas.getJsonObject(ref.substring("#/components/schemas/".length()));
  }

  private void validate(JsonObject raw, Object value, String at, List<String> problems) {
    JsonObject schema = resolve(raw);
    if (value == null) {
      if (!raw.getBoolean("nullable", false) && !schema.getBoolean("nullable", false)) {
        problems.add(at + ": null where Stripe never sends null");
      }
      return;
    }
    JsonArray anyOf = schema.getJsonArray("anyOf");
    if (anyOf != null) {
      for (Object option : anyOf) {
        List<String> tried = new ArrayList<>();
        validate((JsonObject) option, value, at, tried);
        if (tried.isEmpty()) {
          return;
        }
      }
      problems.add(at + ": fits none of " + anyOf.size() + " alternatives: " + value);
      return;
    }
    String type = schema.getString("type");
    if (type != null && !fits(type, value)) {
      problems.add(at + ": " + value.getClass().getSimpleName() + " where Stripe has " + type);
      return;
    }
    JsonArray allowed = schema.getJsonArray("enum");
    if (allowed != null && !allowed.contains(value)) {
      problems.add(at + ": '" + value + "' is not one of " + allowed);
    }
    if (value instanceof JsonObject object) {
      object(schema, object, at, problems);
    } else if (value instanceof JsonArray array && schema.getJsonObject("items") != null) {
      for (int i = 0; i < array.size(); i++) {
        validate(schema.getJsonObject("items"), array.getValue(i), at + "[" + i + "]", problems);
      }
    }
  }

  private void object(JsonObject schema, JsonObject object, String at, List<String> problems) {
    JsonObject properties = schema.getJsonObject("properties");
    Object additional = schema.getValue("additionalProperties");
    for (Object required : schema.getJsonArray("required", new JsonArray())) {
      if (!object.containsKey((String) required)) {
        problems.add(at + ": missing required field " + required);
      }
    }
    for (Map.Entry<String, Object> field : object) {
      JsonObject property = properties == null ? null : properties.getJsonObject(field.getKey());
      if (property != null) {
        validate(property, field.getValue(), at + "." + field.getKey(), problems);
      } else if (additional instanceof JsonObject extra) {
        validate(extra, field.getValue(), at + "." + field.getKey(), problems);
      } else if (properties != null && !Boolean.TRUE.equals(additional)) {
        problems.add(at + ": field " + field.getKey() + " does not exist in Stripe's " + schema.getString("title", at));
      }
    }
  }

  private static boolean fits(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      default -> true;
    };
  }
}
