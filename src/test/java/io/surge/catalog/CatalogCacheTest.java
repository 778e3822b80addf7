package io.surge.catalog;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SecondServer;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CatalogCacheTest {

  private Api api;
  private CatalogFixtures catalog;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    catalog = new CatalogFixtures(api);
  }

  @Test
  @DisplayName("product pages carry an ETag and Cache-Control; If-None-Match with the same ETag answers 304")
  void etagAndNotModified() {
    String id = catalog.product("teapot", "active", CatalogFixtures.sku("TEA-1", 2500)).getString("id");
    Reply page = api.get("/api/v1/products/" + id, null);
    String etag = page.header("ETag");
    assertNotNull(etag);
    assertTrue(page.header("Cache-Control").startsWith("public"));
    Reply again = api.call(HttpMethod.GET, "/api/v1/products/" + id).header("If-None-Match", etag).send();
    assertEquals(304, again.status());
    assertEquals(0, again.body().length());
  }

  @Test
  @DisplayName("after an admin price change, a second server instance serves the new price within 1 s")
  void secondInstanceSeesPriceChange() throws Exception {
    JsonObject product = catalog.product("kettle", "active", CatalogFixtures.sku("KET-1", 4000));
    String path = "/api/v1/products/" + product.getString("id");
    try (SecondServer second = SecondServer.start()) {
      int port = second.port();
      WebClient client = WebClient.create(second.vertx());
      assertEquals(4000, price(client, port, path), "the second instance has the product cached");

      Reply changed = api.call(HttpMethod.PUT, "/api/v1/admin/skus/" + CatalogFixtures.firstSkuId(product) + "/price")
        .bearer(catalog.admin()).send(new JsonObject().put("amount", 3200));
      assertEquals(200, changed.status());
      long committed = System.currentTimeMillis();
      long seen = price(client, port, path);
      while (seen != 3200 && System.currentTimeMillis() - committed < 2000) {
        seen = price(client, port, path);
      }
      long delay = System.currentTimeMillis() - committed;
      assertEquals(3200, seen);
      assertTrue(delay <= 1000, "new price seen after " + delay + " ms");
    }
  }

  private static long price(WebClient client, int port, String path) {
    return Wait.forResult(client.get(port, "127.0.0.1", path).send()).bodyAsJsonObject().getJsonArray("skus")
      .getJsonObject(0).getJsonObject("price").getLong("amount");
  }

  @Test
  @DisplayName("catalog changes are published on the event bus for other domains")
  void eventsPublished() {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = TestServer.get().vertx().eventBus()
      .consumer(CatalogBus.EVENTS, message -> events.add(message.body()));
    Wait.forResult(consumer.completion());
    try {
      JsonObject product = catalog.product("mug", "active", CatalogFixtures.sku("MUG-1", 900));
      String sku = CatalogFixtures.firstSkuId(product);
      api.call(HttpMethod.PUT, "/api/v1/admin/skus/" + sku + "/price").bearer(catalog.admin())
        .send(new JsonObject().put("amount", 800));
      api.call(HttpMethod.POST, "/api/v1/admin/skus/" + sku + "/inventory-adjustments").bearer(catalog.admin())
        .header("Idempotency-Key", "ev-1").send(new JsonObject().put("delta", 3).put("reason", "count"));
      api.call(HttpMethod.PATCH, "/api/v1/admin/products/" + product.getString("id")).bearer(catalog.admin())
        .send(new JsonObject().put("title", "Big mug"));
      Wait.until("four catalog events", Duration.ofSeconds(3), Duration.ofMillis(20), events::size,
        published -> published >= 4);
      assertEquals(List.of("product.created", "price.changed", "inventory.changed", "product.updated"),
        events.stream().map(event -> event.getString("type")).toList());
      assertTrue(events.stream().allMatch(event -> product.getString("id").equals(event.getString("product_id"))));
    } finally {
      Wait.forResult(consumer.unregister());
    }
  }
}
