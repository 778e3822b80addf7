package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.Shoppers;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Products, shoppers and carts for order tests, built through the API (and SQL where only volume matters). */
final class OrderFixtures {

  static final JsonObject ADDRESS = new JsonObject().put("recipient", "Ada Lovelace").put("line1", "12 St James's Square")
    .put("city", "London").put("postal_code", "SW1Y 4JH").put("country", "GB");

  private final Api api;
  private final Vertx vertx;
  private final String admin;

  OrderFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
    this.admin = api.adminToken();
  }

  String admin() {
    return admin;
  }

  /** An active product with one SKU; returns the SKU id. */
  String sku(String code, long price, int stock) {
    return sku(code, price, stock, null);
  }

  String sku(String code, long price, int stock, Integer purchaseLimit) {
    JsonObject product = new JsonObject().put("slug", code.toLowerCase() + "-product").put("title", "Product " + code)
      .put("status", "active").put("purchase_limit", purchaseLimit)
      .put("skus", new JsonArray().add(new JsonObject().put("code", code).put("price_amount", price).put("currency", "EUR")
        .put("on_hand", stock)));
    Reply reply = api.post("/api/v1/admin/products", admin, product);
    assertEquals(201, reply.status(), reply::toString);
    return reply.json().getJsonArray("admin_skus").getJsonObject(0).getString("id");
  }

  void addToCart(String token, String skuId, int quantity) {
    Reply reply = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + skuId).bearer(token).send(new JsonObject().put("quantity", quantity));
    assertEquals(200, reply.status(), reply::toString);
  }

  Reply checkout(String token, String key) {
    return api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", key)
      .send(new JsonObject().put("shipping_address", ADDRESS));
  }

  JsonObject stock(String skuId) {
    return Wait.forResult(TestServer.db().preparedQuery("SELECT on_hand, reserved FROM skus WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(skuId)))).iterator().next().toJson();
  }

  List<String> shoppers(int count) {
    return Shoppers.mint(vertx, count);
  }
}
