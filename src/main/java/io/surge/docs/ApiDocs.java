package io.surge.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The API's own description and the pages a person opens first: the OpenAPI document exactly as written (YAML, and
 * the same as JSON: {@code $ref}s intact, nothing added, so generators and validators read it as the source), the
 * docs page rendering it (Swagger UI from its WebJar, no CDN) and a landing page at {@code /}.
 */
public final class ApiDocs {

  /** Swagger UI loads its own scripts and styles, its icons as data: URIs, and the document from this origin. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; "
    + "frame-ancestors 'none'";

  private final Buffer yaml;
  private final Buffer json;

  private ApiDocs(Buffer yaml, Buffer json) {
    this.yaml = yaml;
    this.json = json;
  }

  /** Reads the document once (a blocking parse of 60 KB, off the event loop). */
  public static Future<ApiDocs> load(Vertx vertx, String contract) {
    return vertx.fileSystem().readFile(contract)
      .compose(source -> vertx.executeBlocking(() -> new ApiDocs(source, toJson(source))));
  }

  /** The document as JSON, as served. */
  public JsonObject document() {
    return new JsonObject(json);
  }

  /**
   * The document as the request router takes it: responses without their content and headers. The router validates
   * requests only, and Vert.x's contract loader refuses response media types it cannot validate
   * ({@code application/problem+json}, {@code text/event-stream}, {@code application/x-ndjson}), which the
   * served document must still describe. The tests check responses against the full document.
   */
  public static JsonObject forRequestRouter(JsonObject document) {
    JsonObject copy = document.copy();
    copy.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
        bare(responses);
      }
    }));
    JsonObject components = copy.getJsonObject("components");
    if (components != null && components.getValue("responses") instanceof JsonObject responses) {
      bare(responses);
    }
    return copy;
  }

  private static void bare(JsonObject responses) {
    responses.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject response) {
        response.remove("content");
        response.remove("headers");
      }
    });
  }

  public static Buffer toJson(Buffer yaml) {
    try {
      JsonNode tree = new YAMLMapper().readTree(yaml.getBytes());
      return Buffer.buffer(new ObjectMapper().writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document is not YAML", e);
    }
  }

  public void mount(Router router) {
    router.get("/api/v1/openapi.json").handler(ctx -> document(ctx, "application/json", json));
    router.get("/api/v1/openapi.yaml").handler(ctx -> document(ctx, "application/yaml", yaml));
    router.get("/docs").handler(ctx -> {
      if ("/docs".equals(ctx.request().path())) {
        ctx.redirect("/docs/");
      } else {
        ctx.next();
      }
    });
    String swaggerUi = "META-INF/resources/webjars/swagger-ui/" + new WebJarVersionLocator().version("swagger-ui");
    router.route("/docs/*").handler(ApiDocs::pagePolicy)
      .handler(StaticHandler.create("webroot/docs").setIndexPage("index.html"))
      .handler(StaticHandler.create(swaggerUi).setMaxAgeSeconds(86_400));
    router.get("/").handler(ApiDocs::pagePolicy)
      .handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .sendFile("webroot/landing.html"));
    router.get("/landing.css").handler(ApiDocs::pagePolicy)
      .handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/css; charset=utf-8")
        .sendFile("webroot/landing.css"));
  }

  private static void document(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType)
      .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300").end(body);
  }

  private static void pagePolicy(RoutingContext ctx) {
    ctx.response().headers().set("Content-Security-Policy", PAGE_POLICY);
    ctx.next();
  }
}
