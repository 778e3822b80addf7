package io.surge.catalog;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CatalogAdminTest {

  private Api api;
  private CatalogFixtures catalog;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    catalog = new CatalogFixtures(api);
  }

  @Test
  @DisplayName("categories form a public tree; renames need a fresh If-Match; cycles and duplicates are refused")
  void categoryTree() {
    JsonObject clothing = catalog.category("clothing", null);
    JsonObject shirts = catalog.category("shirts", clothing.getString("id"));

    JsonArray roots = api.get("/api/v1/categories", null).json().getJsonArray("items");
    assertEquals(1, roots.size());
    assertEquals("shirts", roots.getJsonObject(0).getJsonArray("children").getJsonObject(0).getString("slug"));

    String path = "/api/v1/admin/categories/" + clothing.getString("id");
    Reply renamed = api.call(HttpMethod.PATCH, path).bearer(catalog.admin()).header("If-Match", "\"1\"")
      .send(new JsonObject().put("name", "Apparel"));
    assertEquals(200, renamed.status(), renamed::toString);
    assertEquals("Apparel",
      api.get("/api/v1/categories", null).json().getJsonArray("items").getJsonObject(0).getString("name"),
      "the cached tree is refreshed after a change");
    Reply stale = api.call(HttpMethod.PATCH, path).bearer(catalog.admin()).header("If-Match", "\"1\"")
      .send(new JsonObject().put("name", "Clothes"));
    assertEquals(412, stale.status());

    Reply cycle = api.call(HttpMethod.PATCH, path).bearer(catalog.admin())
      .send(new JsonObject().put("parent_id", shirts.getString("id")));
    assertEquals(409, cycle.status());
    assertEquals("category_cycle", cycle.code());

    Reply duplicate = api.post("/api/v1/admin/categories", catalog.admin(),
      new JsonObject().put("slug", "shirts").put("name", "x"));
    assertEquals(409, duplicate.status());
  }

  @Test
  @DisplayName("a customer on a catalog admin route gets 403, and nothing is created")
  void customerIsForbidden() {
    Reply reply = api.post("/api/v1/admin/products", api.customerToken(),
      new JsonObject().put("slug", "sneaky").put("title", "Sneaky"));
    assertEquals(403, reply.status());
    assertEquals(0, TestServer.count("SELECT count(*) FROM products"));
  }

  @Test
  @DisplayName("a draft product is invisible to the public until it is activated; archiving hides it again")
  void draftInvisible() {
    JsonObject draft = catalog.product("linen-shirt", "draft", CatalogFixtures.sku("LS-M", 4500));
    String id = draft.getString("id");
    assertEquals(404, api.get("/api/v1/products/" + id, null).status());
    assertEquals(404, api.get("/api/v1/products/linen-shirt", null).status());
    assertEquals(0, api.get("/api/v1/products", null).json().getJsonArray("items").size());
    assertEquals(200, api.get("/api/v1/admin/products/" + id, catalog.admin()).status(), "admins see drafts");

    Reply activated = api.call(HttpMethod.PATCH, "/api/v1/admin/products/" + id).bearer(catalog.admin())
      .header("If-Match", "\"" + draft.getInteger("version") + "\"").send(new JsonObject().put("status", "active"));
    assertEquals(200, activated.status(), activated::toString);
    Reply page = api.get("/api/v1/products/linen-shirt", null);
    assertEquals(200, page.status());
    JsonObject sku = page.json().getJsonArray("skus").getJsonObject(0);
    assertEquals(4500, sku.getJsonObject("price").getLong("amount"));
    assertEquals(10, sku.getInteger("available"));
    assertEquals(4500, page.json().getJsonObject("price_from").getLong("amount"));

    assertEquals(200, api.post("/api/v1/admin/products/" + id + "/archive", catalog.admin(), null).status());
    assertEquals(404, api.get("/api/v1/products/" + id, null).status());
  }

  @Test
  @DisplayName("a stale If-Match on a product gets 412 and changes nothing; duplicate slugs and SKU codes get 409")
  void productConcurrencyAndConflicts() {
    JsonObject product = catalog.product("wool-coat", "active", CatalogFixtures.sku("WC-1", 12000));
    String path = "/api/v1/admin/products/" + product.getString("id");
    Reply updated = api.call(HttpMethod.PATCH, path).bearer(catalog.admin()).header("If-Match", "\"1\"")
      .send(new JsonObject().put("title", "Warm wool coat"));
    assertEquals(200, updated.status(), updated::toString);
    Reply stale = api.call(HttpMethod.PATCH, path).bearer(catalog.admin()).header("If-Match", "\"1\"")
      .send(new JsonObject().put("title", "Lost update"));
    assertEquals(412, stale.status());
    assertEquals("Warm wool coat", api.get(path, catalog.admin()).json().getString("title"));

    Reply sameSlug = api.post("/api/v1/admin/products", catalog.admin(),
      new JsonObject().put("slug", "wool-coat").put("title", "Other"));
    assertEquals(409, sameSlug.status());
    Reply sameCode = api.post(path + "/skus", catalog.admin(), CatalogFixtures.sku("WC-1", 100));
    assertEquals(409, sameCode.status());
    assertEquals(1, TestServer.count("SELECT count(*) FROM skus"));
  }

  @Test
  @DisplayName("the public list filters by category (with sub-categories), brand and price, and pages with a cursor exactly once")
  void productList() {
    JsonObject home = catalog.category("home", null);
    JsonObject kitchen = catalog.category("kitchen", home.getString("id"));
    for (int i = 0; i < 7; i++) {
      catalog.product(new JsonObject().put("slug", "pan-" + i).put("title", "Pan " + i).put("status", "active")
        .put("brand", i % 2 == 0 ? "Acme" : "Globex").put("category_id", kitchen.getString("id")),
        CatalogFixtures.sku("PAN-" + i, 1000 + i * 100));
    }
    catalog.product("hidden-pan", "draft", CatalogFixtures.sku("PAN-X", 1));

    java.util.Set<String> seen = new java.util.HashSet<>();
    String cursor = null;
    long lastPrice = -1;
    do {
      Reply page = api.get(
        "/api/v1/products?category=home&sort=price_asc&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), null);
      assertEquals(200, page.status(), page::toString);
      for (Object item : page.json().getJsonArray("items")) {
        JsonObject product = (JsonObject) item;
        assertTrue(seen.add(product.getString("slug")), "each product once");
        assertTrue(product.containsKey("image_url"), "the image field has search's name: " + product);
        assertEquals(product.getString("image_url"), product.getString("image"), "image: its deprecated alias");
        long price = product.getJsonObject("price_from").getLong("amount");
        assertTrue(price >= lastPrice, "ascending price");
        lastPrice = price;
      }
      cursor = page.json().getString("next_cursor");
    } while (cursor != null);
    assertEquals(7, seen.size());

    assertEquals(4, api.get("/api/v1/products?brand=Acme", null).json().getJsonArray("items").size());
    assertEquals(3,
      api.get("/api/v1/products?price_min=1200&price_max=1400", null).json().getJsonArray("items").size());
    assertEquals(0, api.get("/api/v1/products?category=no-such-category", null).json().getJsonArray("items").size());
    assertNull(api.get("/api/v1/products?limit=100", null).json().getString("next_cursor"));
  }

  @Test
  @DisplayName("a SKU is priced with the Money shape the answers use ({amount, currency}); the flat fields are a deprecated alias")
  void skuPriceAsMoney() {
    Reply product = api.post("/api/v1/admin/products", catalog.admin(), new JsonObject().put("slug", "money-mug")
      .put("title", "Money mug").put("status", "active").put("skus", new JsonArray()
        .add(new JsonObject().put("code", "MM-1").put("price",
          new JsonObject().put("amount", 1234).put("currency", "EUR")))
        .add(new JsonObject().put("code", "MM-2").put("price_amount", 999).put("currency", "EUR"))));
    assertEquals(201, product.status(), product::toString);
    assertEquals(200, api.get(product.header("Location"), catalog.admin()).status(), "the Location exists");
    Map<String, JsonObject> prices = new HashMap<>();
    api.get("/api/v1/products/money-mug", null).json().getJsonArray("skus")
      .forEach(sku -> prices.put(((JsonObject) sku).getString("code"), ((JsonObject) sku).getJsonObject("price")));
    assertEquals(new JsonObject().put("amount", 1234).put("currency", "EUR"), prices.get("MM-1"),
      "sent as price, answered as price");
    assertEquals(999, prices.get("MM-2").getLong("amount"), "sent as price_amount (deprecated), answered as price");

    String path = "/api/v1/admin/products/" + product.json().getString("id") + "/skus";
    Reply added = api.post(path, catalog.admin(),
      new JsonObject().put("code", "MM-3").put("price", new JsonObject().put("amount", 500).put("currency", "EUR")));
    assertEquals(201, added.status(), added::toString);
    assertEquals(200, api.get(added.header("Location"), catalog.admin()).status(), "the Location exists");

    Reply none = api.post(path, catalog.admin(), new JsonObject().put("code", "MM-4"));
    assertEquals(400, none.status(), none::toString);
    assertEquals("/price", none.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals("required", none.json().getJsonArray("errors").getJsonObject(0).getString("code"));
    Reply disagree = api.post("/api/v1/admin/products", catalog.admin(), new JsonObject().put("slug", "odd-mug")
      .put("title", "Odd").put("skus", new JsonArray().add(new JsonObject().put("code", "OM-1")
        .put("price", new JsonObject().put("amount", 1).put("currency", "EUR")).put("price_amount", 2)
        .put("currency", "EUR"))));
    assertEquals(400, disagree.status(), disagree::toString);
    assertEquals("/skus/0/price", disagree.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertEquals(3, TestServer.count("SELECT count(*) FROM skus"), "nothing written by the refused requests");
  }
}
