package io.surge.reviews;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Products, buyers and their delivered orders for review tests, all through the API as a shop would make them. */
final class ReviewFixtures {

  /** A product and its one SKU. */
  record Product(String id, String sku) {
  }

  private final Api api;
  private final ShopFixture shop;

  ReviewFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.shop = new ShopFixture(api, vertx);
  }

  String admin() {
    return shop.admin();
  }

  Product product(String code) {
    JsonObject product = shop.product(code, 2500, 100);
    return new Product(product.getString("id"), ShopFixture.firstSkuId(product));
  }

  /** Customers with tokens (display names "Shopper 0", "Shopper 1", ...). */
  List<String> customers(int count) {
    return shop.customers(count);
  }

  /** Checks out one unit; the order stays pending payment. */
  String order(String token, Product product) {
    return shop.order(token, product.sku(), 1);
  }

  /** Admin moves: paid, shipped, delivered. */
  void deliver(String orderId) {
    move(orderId, "mark-paid", null);
    move(orderId, "ship",
      new JsonObject().put("carrier", "DHL").put("tracking_number", "T-" + orderId.substring(0, 8)));
    move(orderId, "deliver", null);
  }

  /** A buyer who received the product. */
  void received(String token, Product product) {
    deliver(order(token, product));
  }

  void move(String orderId, String action, JsonObject body) {
    Reply reply = api.post("/api/v1/admin/orders/" + orderId + "/" + action, shop.admin(), body);
    assertEquals(200, reply.status(), reply::toString);
  }

  Reply review(String token, Product product, int rating, String title, String body) {
    return api.post("/api/v1/products/" + product.id() + "/reviews", token,
      new JsonObject().put("rating", rating).put("title", title).put("body", body));
  }

  /** The rating summary on the public product page. */
  JsonObject pageRating(Product product) {
    Reply page = api.get("/api/v1/products/" + product.id(), null);
    assertEquals(200, page.status(), page::toString);
    return page.json().getJsonObject("rating");
  }

  JsonObject reviews(Product product, String query) {
    Reply reply = api.get("/api/v1/products/" + product.id() + "/reviews" + (query == null ? "" : "?" + query), null);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  static JsonObject summary(double average, int count, int... perStar) {
    JsonObject stars = new JsonObject();
    for (int star = 1; star <= 5; star++) {
      stars.put(Integer.toString(star), perStar[star - 1]);
    }
    return new JsonObject().put("average", count == 0 ? null : average).put("count", count).put("stars", stars);
  }
}
