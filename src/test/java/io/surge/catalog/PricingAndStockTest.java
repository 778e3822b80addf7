package io.surge.catalog;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PricingAndStockTest {

  private Api api;
  private CatalogFixtures catalog;
  private String productId;
  private String skuId;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    catalog = new CatalogFixtures(api);
    JsonObject product = catalog.product("espresso-cup", "active", CatalogFixtures.sku("CUP-1", 1000));
    productId = product.getString("id");
    skuId = CatalogFixtures.firstSkuId(product);
  }

  private long publicPrice() {
    return api.get("/api/v1/products/" + productId, null).json().getJsonArray("skus").getJsonObject(0)
      .getJsonObject("price").getLong("amount");
  }

  /** Polls the public product page (as a storefront would) until it shows {@code amount}, for at most 10 s. */
  private long awaitPrice(long amount) {
    return Wait.until("the public price to become " + amount, Duration.ofSeconds(10), this::publicPrice,
      price -> price == amount);
  }

  @Test
  @DisplayName("an admin price change is visible at once and kept in the price history")
  void basePriceChange() {
    assertEquals(1000, publicPrice());
    Reply changed = api.call(HttpMethod.PUT, "/api/v1/admin/skus/" + skuId + "/price").bearer(catalog.admin())
      .send(new JsonObject().put("amount", 850).put("compare_at_amount", 1000));
    assertEquals(200, changed.status(), changed::toString);
    assertEquals(850, publicPrice());
    JsonObject history = api.get("/api/v1/admin/skus/" + skuId + "/price-history", catalog.admin()).json();
    assertEquals(List.of("base", "initial"), history.getJsonArray("items").stream()
      .map(item -> ((JsonObject) item).getString("kind")).toList());
  }

  @Test
  @DisplayName("a scheduled sale price takes effect at its start and reverts at its end, without a restart")
  void scheduledPrice() {
    assertEquals(1000, publicPrice(), "warms the caches before the window opens");
    Instant start = Instant.now().plusSeconds(2);
    Instant end = start.plusSeconds(2);
    Reply scheduled = api.post("/api/v1/admin/skus/" + skuId + "/scheduled-prices", catalog.admin(),
      new JsonObject().put("amount", 700).put("starts_at", start.toString()).put("ends_at", end.toString()));
    assertEquals(201, scheduled.status(), scheduled::toString);
    assertEquals(1000, publicPrice(), "not before its start");

    assertEquals(700, awaitPrice(700));
    assertTrue(Instant.now().isAfter(start.minusMillis(50)), "not early");
    JsonObject onSale = api.get("/api/v1/products/" + productId, null).json().getJsonArray("skus").getJsonObject(0);
    assertEquals(1000, onSale.getJsonObject("compare_at").getLong("amount"), "the base price shows as compare-at");

    assertEquals(1000, awaitPrice(1000));
    assertTrue(Instant.now().isAfter(end.minusMillis(50)), "not early");
    assertEquals(List.of("scheduled_end", "scheduled_start", "initial"),
      Wait.until("three price-history entries", Duration.ofSeconds(5), this::kinds, kinds -> kinds.size() >= 3));
  }

  private List<String> kinds() {
    return api.get("/api/v1/admin/skus/" + skuId + "/price-history", catalog.admin()).json().getJsonArray("items")
      .stream()
      .map(item -> ((JsonObject) item).getString("kind")).toList();
  }

  @Test
  @DisplayName("stock adjustments need an Idempotency-Key, apply once per key, and never go below zero")
  void inventoryAdjustments() {
    String path = "/api/v1/admin/skus/" + skuId + "/inventory-adjustments";
    JsonObject restock = new JsonObject().put("delta", 5).put("reason", "delivery 42");
    assertEquals(400, api.post(path, catalog.admin(), restock).status(), "no key");

    Reply first = api.call(HttpMethod.POST, path).bearer(catalog.admin()).header("Idempotency-Key", "restock-1")
      .send(restock);
    assertEquals(201, first.status(), first::toString);
    assertEquals(15, first.json().getJsonObject("inventory").getInteger("on_hand"));
    Reply replay = api.call(HttpMethod.POST, path).bearer(catalog.admin()).header("Idempotency-Key", "restock-1")
      .send(restock);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(15, TestServer.count("SELECT on_hand FROM skus WHERE code = 'CUP-1'"), "applied once");

    Reply tooMuch = api.call(HttpMethod.POST, path).bearer(catalog.admin()).header("Idempotency-Key", "shrink-1")
      .send(new JsonObject().put("delta", -16).put("reason", "breakage"));
    assertEquals(409, tooMuch.status());
    assertEquals("insufficient_stock", tooMuch.code());
    assertEquals(15, TestServer.count("SELECT on_hand FROM skus WHERE code = 'CUP-1'"), "unchanged");
    assertEquals(15, api.get("/api/v1/products/" + productId, null).json().getJsonArray("skus").getJsonObject(0)
      .getInteger("available"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM inventory_adjustments"));
  }
}
