package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Many customers at once: rows inserted directly (one shared Argon2 hash) and access tokens minted
   * with the server's own signing key, so a 200-buyer test spends its time on checkout, not on hashing.
   */
  List<String> shoppers(int count) {
    String hash = Wait.forResult(TestServer.db().query("SELECT password_hash FROM users LIMIT 1").execute())
      .iterator().next().getString(0);
    List<Tuple> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      rows.add(Tuple.of(id, "buyer-" + id + "@example.com", hash, "Buyer " + i));
    }
    Wait.forResult(TestServer.db().preparedQuery("INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)")
      .executeBatch(rows));
    JsonObject jwt = TestServer.config().getJsonObject("jwt");
    JWTAuth signer;
    try {
      signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
        .setBuffer(Files.readString(Path.of(jwt.getString("privateKeyFile"))))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> tokens = new ArrayList<>();
    for (String id : ids) {
      tokens.add(signer.generateToken(new JsonObject().put("roles", new JsonArray().add("customer"))
          .put("jti", UUID.randomUUID().toString()),
        new JWTOptions().setAlgorithm("ES256").setIssuer(jwt.getString("issuer")).setAudience(List.of(jwt.getString("audience")))
          .setSubject(id).setExpiresInSeconds(600)));
    }
    return tokens;
  }
}
