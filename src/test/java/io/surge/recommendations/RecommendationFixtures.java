package io.surge.recommendations;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Purchase history made through the real API (cart, checkout, payment), and the recommendation reads. */
final class RecommendationFixtures {

  static final Duration EVENTS = Duration.ofSeconds(20);

  private final Api api;
  private final ShopFixture shop;

  RecommendationFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.shop = new ShopFixture(api, vertx);
  }

  ShopFixture shop() {
    return shop;
  }

  String admin() {
    return shop.admin();
  }

  /** An active product with one SKU (100 in stock); returns {id, sku}. */
  Product product(String code) {
    return product(code, new JsonObject().put("title", "Product " + code));
  }

  Product product(String code, JsonObject fields) {
    JsonObject created = shop.product(fields.copy().put("slug", code.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID())
      .put("status", "active"), ShopFixture.skuBody(code + "-" + UUID.randomUUID(), 1500, 100));
    return new Product(created.getString("id"), ShopFixture.firstSkuId(created));
  }

  record Product(String id, String sku) {
  }

  List<String> customers(int count) {
    return shop.customers(count);
  }

  /** Checks the products out in one order, not paid yet; returns the order id. */
  String order(String token, Product... products) {
    for (Product product : products) {
      shop.addToCart(token, product.sku(), 1);
    }
    Reply placed = shop.checkout(token, UUID.randomUUID().toString());
    assertEquals(201, placed.status(), placed::toString);
    return placed.json().getString("id");
  }

  /** One order of these products, paid (a bought order); returns its id. */
  String buy(String token, Product... products) {
    String orderId = order(token, products);
    Reply paid = api.post("/api/v1/admin/orders/" + orderId + "/mark-paid", admin(), null);
    assertEquals(200, paid.status(), paid::toString);
    return orderId;
  }

  String userId(String token) {
    return api.get("/api/v1/me", token).json().getString("id");
  }

  /** Starts a training and waits until it finished. */
  JsonObject train() {
    String before = String.valueOf(status().getString("trained_at"));
    Reply started = api.post("/api/v1/admin/recommendations:train", admin(), null);
    assertEquals(202, started.status(), started::toString);
    return Wait.until("a training to finish", Duration.ofSeconds(60), this::status,
      s -> "idle".equals(s.getString("state")) && !before.equals(String.valueOf(s.getString("trained_at"))));
  }

  JsonObject status() {
    Reply reply = api.get("/api/v1/admin/recommendations/status", admin());
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  JsonArray mine(String token) {
    return mine(token, 20);
  }

  JsonArray mine(String token, int limit) {
    Reply reply = api.get("/api/v1/me/recommendations?limit=" + limit, token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().getJsonArray("items");
  }

  JsonArray forProduct(String productId, String kind) {
    Reply reply = api.get("/api/v1/products/" + productId + "/recommendations?limit=20&kind=" + kind, null);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().getJsonArray("items");
  }

  Reply cart(String cartToken) {
    return api.call(HttpMethod.GET, "/api/v1/cart/recommendations").header("X-Cart-Token", cartToken).send();
  }

  static List<String> ids(JsonArray items) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ids.add(items.getJsonObject(i).getString("product_id"));
    }
    return ids;
  }

  /** The item's reason, or null when the product is not on the list. */
  static String reason(JsonArray items, String productId) {
    for (int i = 0; i < items.size(); i++) {
      if (Objects.equals(productId, items.getJsonObject(i).getString("product_id"))) {
        return items.getJsonObject(i).getString("reason");
      }
    }
    return null;
  }
}
