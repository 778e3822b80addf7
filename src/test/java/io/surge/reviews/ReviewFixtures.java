package io.surge.reviews;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.Shoppers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Products, buyers and their delivered orders for review tests, all through the API as a shop would make them. */
final class ReviewFixtures {

  /** A product and its one SKU. */
  record Product(String id, String sku) {
  }

  private final Api api;
  private final Vertx vertx;
  private final String admin;

  ReviewFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
    this.admin = api.adminToken();
  }

  String admin() {
    return admin;
  }

  Product product(String code) {
    JsonObject product = new JsonObject().put("slug", code.toLowerCase() + "-product").put("title", "Product " + code)
      .put("status", "active")
      .put("skus", new JsonArray().add(new JsonObject().put("code", code).put("price_amount", 2500).put("currency", "EUR")
        .put("on_hand", 100)));
    Reply reply = api.post("/api/v1/admin/products", admin, product);
    assertEquals(201, reply.status(), reply::toString);
    return new Product(reply.json().getString("id"), reply.json().getJsonArray("admin_skus").getJsonObject(0).getString("id"));
  }

  /** Customers with tokens (display names "Shopper 0", "Shopper 1", ...). */
  List<String> customers(int count) {
    return Shoppers.mint(vertx, count);
  }

  /** Checks out one unit; the order stays pending payment. */
  String order(String token, Product product) {
    Reply cart = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + product.sku()).bearer(token)
      .send(new JsonObject().put("quantity", 1));
    assertEquals(200, cart.status(), cart::toString);
    Reply order = api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", UUID.randomUUID().toString())
      .send(new JsonObject().put("shipping_address", new JsonObject().put("recipient", "Ada Lovelace")
        .put("line1", "12 St James's Square").put("city", "London").put("postal_code", "SW1Y 4JH").put("country", "GB")));
    assertEquals(201, order.status(), order::toString);
    return order.json().getString("id");
  }

  /** Admin moves: paid, shipped, delivered. */
  void deliver(String orderId) {
    move(orderId, "mark-paid", null);
    move(orderId, "ship", new JsonObject().put("carrier", "DHL").put("tracking_number", "T-" + orderId.substring(0, 8)));
    move(orderId, "deliver", null);
  }

  /** A buyer who received the product. */
  void received(String token, Product product) {
    deliver(order(token, product));
  }

  void move(String orderId, String action, JsonObject body) {
    Reply reply = api.post("/api/v1/admin/orders/" + orderId + "/" + action, admin, body);
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
