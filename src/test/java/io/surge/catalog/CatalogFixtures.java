package io.surge.catalog;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds catalog data through the admin API, as an admin would. */
final class CatalogFixtures {

  private final Api api;
  private final ShopFixture shop;

  CatalogFixtures(Api api) {
    this.api = api;
    this.shop = new ShopFixture(api);
  }

  String admin() {
    return shop.admin();
  }

  JsonObject category(String slug, String parentId) {
    Reply reply = api.post("/api/v1/admin/categories", shop.admin(),
      new JsonObject().put("slug", slug).put("name", "Name of " + slug).put("parent_id", parentId));
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  static JsonObject sku(String code, long price) {
    return ShopFixture.skuBody(code, price, 10).put("options", new JsonObject().put("size", "M"));
  }

  JsonObject product(String slug, String status, JsonObject... skus) {
    return product(new JsonObject().put("slug", slug).put("title", "Title of " + slug).put("status", status)
      .put("brand", "Acme").put("description", "A fine " + slug), skus);
  }

  JsonObject product(JsonObject product, JsonObject... skus) {
    return shop.product(product, skus);
  }

  /** The first SKU's id in an admin product view. */
  static String firstSkuId(JsonObject adminView) {
    return ShopFixture.firstSkuId(adminView);
  }
}
