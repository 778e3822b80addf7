package io.surge.catalog;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code GET /api/v1/admin/products}: drafts and archived products too, found by text, status, category, low stock. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class AdminProductListTest {

  @Test
  @DisplayName("no token gets 401, a customer 403; an unknown status, a bad limit or cursor 400 naming the parameter")
  void refusals(Vertx vertx) {
    Api api = new Api(vertx);
    assertEquals(401, api.get("/api/v1/admin/products", null).status());
    assertEquals(403, api.get("/api/v1/admin/products", api.customerToken()).status());
    String admin = api.adminToken();
    field(api.get("/api/v1/admin/products?status=deleted", admin), "status");
    field(api.get("/api/v1/admin/products?limit=0", admin), "limit");
    field(api.get("/api/v1/admin/products?cursor=nonsense", admin), "cursor");
    field(api.get("/api/v1/admin/products?low_stock=maybe", admin), "low_stock");
  }

  @Test
  @DisplayName("a draft, an active and an archived product are found by title, SKU code and slug, filtered by status, category and low stock, and paged by cursor newest first")
  void findsEveryStatus(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String admin = shop.admin();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Reply category = api.post("/api/v1/admin/categories", admin,
      new JsonObject().put("slug", "lamps-" + tag).put("name", "Lamps " + tag));
    assertEquals(201, category.status(), category::toString);
    String categoryId = category.json().getString("id");
    String draft = shop.product(new JsonObject().put("slug", "draft-" + tag).put("title", "Quiet Lamp " + tag)
      .put("status", "draft").put("category_id", categoryId),
      ShopFixture.skuBody("QL-" + tag, 4000, 2)).getString("id");
    String active = shop.product(new JsonObject().put("slug", "active-" + tag).put("title", "Loud Lamp " + tag)
      .put("status", "active"), ShopFixture.skuBody("LL-" + tag, 5000, 40)).getString("id");
    String archived = shop.product(new JsonObject().put("slug", "gone-" + tag).put("title", "Old Lamp " + tag)
      .put("status", "active"), ShopFixture.skuBody("OL-" + tag, 1000, 1)).getString("id");
    Reply archive = api.post("/api/v1/admin/products/" + archived + "/archive", admin, null);
    assertEquals(200, archive.status(), archive::toString);

    assertEquals(List.of(archived, active, draft), ids(api, admin, "q=lamp+" + tag));
    assertEquals(List.of(draft), ids(api, admin, "q=ql-" + tag.toUpperCase(java.util.Locale.ROOT)));
    assertEquals(List.of(active), ids(api, admin, "q=active-" + tag));
    assertEquals(List.of(draft), ids(api, admin, "q=" + tag + "&status=draft"));
    assertEquals(List.of(archived), ids(api, admin, "q=" + tag + "&status=archived"));
    assertEquals(List.of(draft), ids(api, admin, "category=lamps-" + tag));
    assertEquals(List.of(draft), ids(api, admin, "category=" + categoryId));
    // low stock whatever the product's status; the dashboard's count is the active products' (its link adds the status)
    assertEquals(List.of(archived, draft), ids(api, admin, "q=" + tag + "&low_stock=true"));
    assertEquals(List.of(), ids(api, admin, "q=" + tag + "&low_stock=true&status=active"));

    JsonObject first = api.get("/api/v1/admin/products?limit=1&q=" + tag, admin).json();
    JsonObject item = first.getJsonArray("items").getJsonObject(0);
    assertEquals(5, first.getInteger("low_stock_threshold"));
    List<String> paged = new ArrayList<>(List.of(item.getString("id")));
    String cursor = first.getString("next_cursor");
    while (cursor != null) {
      JsonObject page = api.get("/api/v1/admin/products?limit=1&q=" + tag + "&cursor=" + cursor, admin).json();
      page.getJsonArray("items").forEach(p -> paged.add(((JsonObject) p).getString("id")));
      cursor = page.getString("next_cursor");
    }
    assertEquals(List.of(archived, active, draft), paged);

    JsonObject draftRow = api.get("/api/v1/admin/products?q=draft-" + tag, admin).json().getJsonArray("items")
      .getJsonObject(0);
    assertEquals("draft", draftRow.getString("status"));
    assertEquals("lamps-" + tag, draftRow.getString("category_slug"));
    assertEquals(1, draftRow.getLong("sku_count"));
    assertEquals(2, draftRow.getLong("available"));
    assertEquals(1, draftRow.getLong("low_stock_skus"));
    assertEquals(new JsonObject().put("amount", 4000).put("currency", "EUR"), draftRow.getJsonObject("price_from"));
    assertNull(api.get("/api/v1/admin/products?q=nothing-like-" + tag, admin).json().getString("next_cursor"));
  }

  private static List<String> ids(Api api, String admin, String query) {
    Reply reply = api.get("/api/v1/admin/products?" + query, admin);
    assertEquals(200, reply.status(), reply::toString);
    JsonArray items = reply.json().getJsonArray("items");
    return items.stream().map(p -> ((JsonObject) p).getString("id")).toList();
  }

  private static void field(Reply reply, String name) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals(name, reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
  }
}
