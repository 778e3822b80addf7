package io.surge.cart;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Catalog data made through the admin API, and cart calls as a storefront makes them. */
final class CartFixtures {

  static final String TOKEN_HEADER = "X-Cart-Token";

  private final Api api;
  private final ShopFixture shop;

  CartFixtures(Api api) {
    this.api = api;
    this.shop = new ShopFixture(api);
  }

  /** An active product with one SKU per code, each at this price with this much stock; returns the SKU ids by position. */
  List<String> product(String slug, long price, int onHand, String... codes) {
    JsonObject[] skus = Arrays.stream(codes)
      .map(code -> ShopFixture.skuBody(code, price, onHand).put("options", new JsonObject().put("size", "M")))
      .toArray(JsonObject[]::new);
    JsonObject product = shop
      .product(new JsonObject().put("slug", slug).put("title", "Title of " + slug).put("status", "active"), skus);
    return product.getJsonArray("admin_skus").stream().map(sku -> ((JsonObject) sku).getString("id")).toList();
  }

  String sku(String slug, long price, int onHand) {
    return product(slug, price, onHand, slug.toUpperCase(Locale.ROOT) + "-1").get(0);
  }

  void setPrice(String skuId, long amount) {
    Reply reply = api.call(HttpMethod.PUT, "/api/v1/admin/skus/" + skuId + "/price").bearer(shop.admin())
      .send(new JsonObject().put("amount", amount));
    assertEquals(200, reply.status(), reply::toString);
  }

  void archive(String skuId) {
    Reply reply = api.post("/api/v1/admin/skus/" + skuId + "/archive", shop.admin(), null);
    assertEquals(200, reply.status(), reply::toString);
  }

  void adjustStock(String skuId, int delta) {
    Reply reply = api.call(HttpMethod.POST, "/api/v1/admin/skus/" + skuId + "/inventory-adjustments")
      .bearer(shop.admin())
      .header("Idempotency-Key", UUID.randomUUID().toString())
      .send(new JsonObject().put("delta", delta).put("reason", "count"));
    assertEquals(201, reply.status(), reply::toString);
  }

  // --- cart calls; a null bearer or cart token is simply not sent

  Reply put(String bearer, String cartToken, String sku, Object quantity) {
    return withToken(api.call(HttpMethod.PUT, "/api/v1/cart/items/" + sku).bearer(bearer), cartToken)
      .send(new JsonObject().put("quantity", quantity));
  }

  Reply get(String bearer, String cartToken) {
    return withToken(api.call(HttpMethod.GET, "/api/v1/cart").bearer(bearer), cartToken).send();
  }

  Reply remove(String bearer, String cartToken, String sku) {
    return withToken(api.call(HttpMethod.DELETE, "/api/v1/cart/items/" + sku).bearer(bearer), cartToken).send();
  }

  Reply clear(String bearer, String cartToken) {
    return withToken(api.call(HttpMethod.DELETE, "/api/v1/cart").bearer(bearer), cartToken).send();
  }

  /** The view's line for this SKU, or null. */
  static JsonObject line(JsonObject view, String skuId) {
    return view.getJsonArray("lines").stream().map(JsonObject.class::cast)
      .filter(line -> skuId.equals(line.getString("sku_id"))).findFirst().orElse(null);
  }

  static List<Object> flags(JsonObject view, String skuId) {
    return line(view, skuId).getJsonArray("flags").getList();
  }

  private static Api.Call withToken(Api.Call call, String cartToken) {
    return cartToken == null ? call : call.header(TOKEN_HEADER, cartToken);
  }
}
