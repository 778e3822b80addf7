package io.surge.catalog;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ProductImportTest {

  private static final String PATH = "/api/v1/admin/products:import";

  private Api api;
  private String admin;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    admin = api.adminToken();
  }

  private List<JsonObject> importLines(Buffer ndjson) {
    Reply reply = api.call(HttpMethod.POST, PATH).bearer(admin).header("Content-Type", "application/x-ndjson")
      .sendRaw(ndjson);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("application/x-ndjson", reply.header("Content-Type"));
    return Arrays.stream(reply.body().toString().split("\n")).map(JsonObject::new).toList();
  }

  private static String product(int i) {
    return new JsonObject().put("slug", "import-" + i).put("title", "Imported " + i).put("status", "active")
      .put("skus", new JsonArray().add(new JsonObject().put("code", "IMP-" + i).put("price_amount", 100 + i)
        .put("currency", "EUR").put("on_hand", 3)))
      .encode();
  }

  @Test
  @DisplayName("an NDJSON import answers one result per line; bad lines fail alone; a re-import updates")
  void perLineResults() {
    String body = String.join("\n", product(1), "{not json", "{\"slug\":\"Bad Slug\",\"title\":\"x\"}", "", product(2))
      + "\n";
    List<JsonObject> results = importLines(Buffer.buffer(body));
    assertEquals(List.of("created", "error", "error", "skipped", "created"),
      results.subList(0, 5).stream().map(r -> r.getString("status")).toList());
    assertEquals("malformed_json", results.get(1).getString("code"));
    assertEquals("validation_failed", results.get(2).getString("code"));
    JsonObject summary = results.get(5);
    assertEquals(2, summary.getInteger("created"));
    assertEquals(2, summary.getInteger("failed"));
    assertEquals(2, TestServer.count("SELECT count(*) FROM products"));
    assertEquals(101, api.get("/api/v1/products/import-1", null).json().getJsonObject("price_from").getLong("amount"));

    List<JsonObject> again = importLines(Buffer.buffer(product(1) + "\n"));
    assertEquals("updated", again.get(0).getString("status"));
    assertEquals(2, TestServer.count("SELECT count(*) FROM products"));
  }

  @Test
  @DisplayName("a 3 000-line import (well over the 1 MiB JSON body limit) streams through")
  void largeImportStreams() {
    Buffer body = Buffer.buffer();
    for (int i = 0; i < 3000; i++) {
      body.appendString(product(i)).appendString("\n").appendString(" ".repeat(300)).appendString("\n");
    }
    List<JsonObject> results = importLines(body);
    JsonObject summary = results.get(results.size() - 1);
    assertEquals(3000, summary.getInteger("created"), summary::encode);
    assertEquals(0, summary.getInteger("failed"));
    assertEquals(3000, TestServer.count("SELECT count(*) FROM products WHERE slug LIKE 'import-%'"));
  }

  @Test
  @DisplayName("the import refuses other content types and customers")
  void refusals() {
    assertEquals(415, api.call(HttpMethod.POST, PATH).bearer(admin).sendRaw(product(1)).status());
    assertEquals(403, api.call(HttpMethod.POST, PATH).bearer(api.customerToken())
      .header("Content-Type", "application/x-ndjson").sendRaw(Buffer.buffer(product(1))).status());
    assertEquals(0, TestServer.count("SELECT count(*) FROM products"));
  }
}
