package io.surge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.surge.http.HostileValues.abbreviate;
import static io.surge.http.OpenApiSchemas.resolve;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds, from the OpenAPI document alone, the hostile requests for one operation: every path, query and header
 * parameter, and every body field, with each of {@link HostileValues}' values, the rest of the request valid. A new
 * operation or field is walked without touching the walk.
 */
final class OperationVariants {

  /** Operations whose body (a multipart upload) the document does not describe, so the walk sends none. */
  private static final List<String> UNDESCRIBED_BODY = List.of("adminUploadImage");
  private static final String PLACEHOLDER_TEXT = "__hostile__";
  private static final String PLACEHOLDER = "\"" + PLACEHOLDER_TEXT + "\"";
  private static final Map<String, String> ID_BY_PATH = Map.ofEntries(
    Map.entry("/api/v1/me/addresses/", "address_id"), Map.entry("/api/v1/admin/users/", "user_id"),
    Map.entry("/api/v1/admin/categories/", "category_id"), Map.entry("/api/v1/admin/products/", "product_id"),
    Map.entry("/api/v1/products/", "product_id"), Map.entry("/api/v1/orders/", "order_id"),
    Map.entry("/api/v1/admin/orders/", "order_id"), Map.entry("/api/v1/flash-sales/", "flash_sale_id"),
    Map.entry("/api/v1/admin/flash-sales/", "flash_sale_id"), Map.entry("/api/v1/support/tickets/", "ticket_id"),
    Map.entry("/api/v1/support/agent/tickets/", "ticket_id"));

  /** One request: what it varies (a field path or a parameter name, null for the whole body) and how. */
  record Variant(String field, String what, String uri, Map<String, String> headers, Buffer body,
    String contentType) {
  }

  /**
   * One operation's requests. {@code named}: a 400 must name the varied field (not where the operation's body is
   * one the document does not describe: the body's own problem may be the one answered).
   */
  record Operation(String operationId, List<JsonObject> parameters, boolean secured, boolean named,
    List<Variant> variants) {
  }

  private final JsonObject contract;
  private final Map<String, String> ids;
  private final ExampleValues examples;

  OperationVariants(JsonObject contract, Map<String, String> ids) {
    this.contract = contract;
    this.ids = ids;
    this.examples = new ExampleValues(contract, ids);
  }

  Operation of(String path, JsonObject item, String method, JsonObject operation) {
    String operationId = operation.getString("operationId");
    List<JsonObject> parameters = new ArrayList<>();
    for (JsonArray list : new JsonArray[] {item.getJsonArray("parameters"), operation.getJsonArray("parameters")}) {
      if (list != null) {
        list.forEach(p -> parameters.add(resolve(contract, (JsonObject) p)));
      }
    }
    boolean secured = operation.containsKey("security") && !operation.getJsonArray("security").isEmpty();
    JsonObject requestBody = operation.getJsonObject("requestBody");
    JsonObject content = requestBody == null ? null : requestBody.getJsonObject("content");
    JsonObject bodySchema = content == null || !content.containsKey("application/json") ? null
      : resolve(contract, content.getJsonObject("application/json").getJsonObject("schema"));
    // parameter variants carry a valid body, so that they reach past the body's own validation
    Buffer body = bodySchema == null ? null : ((JsonObject) examples.example(bodySchema, "body", 0)).toBuffer();
    String type = body == null ? null : "application/json";
    boolean named = (content == null || bodySchema != null) && !UNDESCRIBED_BODY.contains(operationId);
    List<Variant> variants = new ArrayList<>();
    for (JsonObject parameter : parameters) {
      parameterVariants(path, parameters, parameter, body, type, variants);
    }
    String base = uri(path, parameters, Map.of(), null, null);
    if (bodySchema != null) {
      bodyVariants(bodySchema, base, variants);
    } else if (content != null && content.containsKey("application/x-ndjson")) {
      for (String line : HostileValues.NDJSON_LINES) {
        variants.add(new Variant(null, "ndjson line " + abbreviate(line), base, Map.of(),
          Buffer.buffer(line.getBytes(StandardCharsets.ISO_8859_1)), "application/x-ndjson"));
      }
    } else if (content == null && !secured && "post".equals(method)) {
      wholeBodies(base, variants); // a webhook: its body is read raw, not through this document
    }
    return new Operation(operationId, parameters, secured, named, variants);
  }

  private void parameterVariants(String path, List<JsonObject> parameters, JsonObject parameter, Buffer body,
    String type, List<Variant> variants) {
    String name = parameter.getString("name");
    switch (parameter.getString("in")) {
      case "path" -> {
        for (String value : HostileValues.PATH) {
          // ".." leaves the operation's path: whatever answers there owes this parameter no name
          variants.add(new Variant(value.contains("..") || value.contains("%2e") ? null : name,
            "path " + name + "=" + value,
            uri(path, parameters, Map.of(name, value), null, null), Map.of(), body, type));
        }
      }
      case "query" -> {
        for (String value : "cursor".equals(name) ? HostileValues.junkCursors() : HostileValues.QUERY) {
          variants.add(new Variant(name, "query " + name + "=" + abbreviate(value),
            uri(path, parameters, Map.of(), name, value), Map.of(), body, type));
        }
      }
      case "header" -> {
        for (String value : HostileValues.HEADER) {
          variants.add(new Variant(name, "header " + name + "=" + abbreviate(value),
            uri(path, parameters, Map.of(), null, null), Map.of(name, value), body, type));
        }
      }
      default -> {
      }
    }
  }

  private static void wholeBodies(String uri, List<Variant> variants) {
    for (String body : HostileValues.WHOLE_BODIES) {
      variants.add(new Variant(null, "body " + abbreviate(body), uri, Map.of(),
        Buffer.buffer(body.getBytes(StandardCharsets.ISO_8859_1)), "application/json"));
    }
  }

  /** The whole body's variants, then each field's: a valid body with one hostile value spliced in as raw bytes. */
  private void bodyVariants(JsonObject schema, String uri, List<Variant> variants) {
    wholeBodies(uri, variants);
    JsonObject base = (JsonObject) examples.example(schema, "body", 0);
    List<List<Object>> fields = new ArrayList<>();
    List<JsonObject> schemas = new ArrayList<>();
    OpenApiSchemas.fields(contract, schema, new ArrayList<>(), fields, schemas, 0);
    for (int i = 0; i < fields.size(); i++) {
      List<Object> field = fields.get(i);
      JsonObject body = base.copy();
      if (!base.containsKey((String) field.get(0))) {
        // an optional member varied: without the base's optional choice (checkout takes one of two)
        List<String> required = OpenApiSchemas.required(contract, schema);
        body.fieldNames().removeIf(member -> !required.contains(member));
      }
      examples.place(schema, body, field, PLACEHOLDER_TEXT);
      String[] halves = body.encode().split(Pattern.quote(PLACEHOLDER), 2);
      if (halves.length != 2) {
        fail("could not place a hostile value at " + field);
      }
      String name = String.join(".", field.stream().map(String::valueOf).toList());
      for (byte[] value : HostileValues.forField(schemas.get(i))) {
        Buffer raw = Buffer.buffer(halves[0]).appendBytes(value).appendString(halves[1]);
        variants
          .add(new Variant(name, "body " + name + "=" + abbreviate(new String(value, StandardCharsets.ISO_8859_1)),
            uri, Map.of(), raw, "application/json"));
      }
    }
  }

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
}
