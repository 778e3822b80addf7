package io.surge.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ApiDocsTest {

  private static final String OAS = "https://spec.openapis.org/oas/3.1/";
  private static final Path SOURCE = Path.of("src/main/resources/openapi/surge.yaml");

  private Api api;

  @BeforeEach
  void client(Vertx vertx) {
    api = new Api(vertx);
  }

  @Test
  @DisplayName("the served OpenAPI document is the source as written and valid OpenAPI 3.1 (official schema, with its dialect)")
  void servedDocumentIsValidOpenApi31() throws IOException {
    Reply json = api.get("/api/v1/openapi.json", null);
    assertEquals(200, json.status(), json::toString);
    assertTrue(json.header("Content-Type").startsWith("application/json"));
    Reply yaml = api.get("/api/v1/openapi.yaml", null);
    assertEquals(200, yaml.status());
    assertEquals(Files.readString(SOURCE), yaml.body().toString(), "the YAML is served byte for byte");

    JsonNode served = new ObjectMapper().readTree(json.body().getBytes());
    assertEquals(new YAMLMapper().readTree(SOURCE.toFile()), served, "the JSON is the YAML, nothing added");
    assertFalse(json.body().toString().contains("__absolute_uri__"));
    assertTrue(json.body().toString().contains("\"$ref\":\"#/components/schemas/"), "references stay references");

    // schema-base: the document, and every Schema Object in it against the OpenAPI 3.1 dialect
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaIdResolvers(ids -> ids.mappings(id -> id.startsWith(OAS)
        ? "classpath:oas-3.1/" + id.substring(OAS.length()) + ".json" : null)));
    Schema oas = registry.getSchema(SchemaLocation.of(OAS + "schema-base/2022-10-07"));
    List<Error> errors = oas.validate(served);
    assertTrue(errors.isEmpty(), () -> "not valid OpenAPI 3.1: " + errors);
  }

  @Test
  @DisplayName("every operation has tags, a summary, a description, and a body schema for each success that has a body")
  void everyOperationDescribed() throws IOException {
    JsonNode paths = new YAMLMapper().readTree(SOURCE.toFile()).get("paths");
    List<String> gaps = new java.util.ArrayList<>();
    paths.properties().forEach(path -> path.getValue().properties().forEach(entry -> {
      if (entry.getKey().equals("parameters")) {
        return;
      }
      JsonNode operation = entry.getValue();
      String id = operation.path("operationId").asText(entry.getKey() + " " + path.getKey());
      for (String field : List.of("tags", "summary", "description", "responses")) {
        if (!operation.has(field)) {
          gaps.add(id + ": no " + field);
        }
      }
      operation.path("responses").properties().forEach(response -> {
        boolean bodiless = List.of("202", "204", "304").contains(response.getKey());
        JsonNode described = response.getValue();
        if (!described.has("$ref") && !bodiless && !described.has("content")) {
          gaps.add(id + " " + response.getKey() + ": no body schema");
        }
      });
    }));
    assertTrue(gaps.isEmpty(), () -> String.join("\n", gaps));
  }

  @Test
  @DisplayName("a broken document fails the same check (the validator is not a rubber stamp)")
  void brokenDocumentFails() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaIdResolvers(ids -> ids.mappings(id -> id.startsWith(OAS)
        ? "classpath:oas-3.1/" + id.substring(OAS.length()) + ".json" : null)));
    Schema oas = registry.getSchema(SchemaLocation.of(OAS + "schema-base/2022-10-07"));
    JsonNode broken = new ObjectMapper().readTree(
      "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{\"/a\":{\"get\":"
        + "{\"responses\":{\"200\":{\"content\":{\"application/json\":{\"schema\":{\"type\":\"objekt\"}}}}}}}}}");
    assertFalse(oas.validate(broken).isEmpty(), "a response without description and a bad schema type are errors");
  }

  @Test
  @DisplayName("/docs renders the document with Swagger UI from this server (strict policy, no CDN); / links the pages")
  void docsAndLandingPages() {
    Reply bare = api.get("/docs", null);
    assertTrue(bare.body().toString().contains("swagger-ui-bundle.js"), "/docs leads to /docs/ (redirect followed)");
    Reply docs = api.get("/docs/", null);
    assertEquals(200, docs.status(), docs::toString);
    assertTrue(docs.header("Content-Type").startsWith("text/html"));
    String policy = docs.header("Content-Security-Policy");
    assertTrue(policy.contains("script-src 'self';") && !policy.contains("unsafe"), policy);
    String page = docs.body().toString();
    assertFalse(page.contains("http://") || page.contains("https://"), "no third-party origin on the page");
    for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css", "docs.js")) {
      assertTrue(page.contains(asset), asset);
      Reply file = api.get("/docs/" + asset, null);
      assertEquals(200, file.status(), asset);
      assertTrue(file.body().length() > 100, asset);
    }
    assertTrue(api.get("/docs/docs.js", null).body().toString().contains("/api/v1/openapi.json"));

    Reply landing = api.get("/", null);
    assertEquals(200, landing.status(), landing::toString);
    assertTrue(landing.header("Content-Type").startsWith("text/html"));
    String html = landing.body().toString();
    for (String link : List.of("/docs/", "/shop/", "/admin/", "/support/", "/health/ready")) {
      assertTrue(html.contains("href=\"" + link + "\""), link);
    }
    assertEquals(200, api.get("/landing.css", null).status());
  }
}
