package io.surge.support;

import io.surge.support.Api.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shop's common ground for tests, made through the API as an admin and a storefront would: products with
 * SKUs and stock, customers, carts and checkouts. Each domain's fixtures delegate here and add their own steps.
 */
public final class ShopFixture {

  public static final JsonObject ADDRESS = new JsonObject().put("recipient", "Ada Lovelace")
    .put("line1", "12 St James's Square")
    .put("city", "London").put("postal_code", "SW1Y 4JH").put("country", "GB");

  private final Api api;
  private final Vertx vertx;
  private final String admin;

  /** Without a {@link Vertx}: everything but {@link #customers}. */
  public ShopFixture(Api api) {
    this(api, null);
  }

  public ShopFixture(Api api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
    this.admin = api.adminToken();
  }

  /** The admin's access token. */
  public String admin() {
    return admin;
  }

  /** A SKU as the admin API takes it: {@code price} in EUR minor units, {@code onHand} in stock. */
  public static JsonObject skuBody(String code, long price, int onHand) {
    return new JsonObject().put("code", code).put("price_amount", price).put("currency", "EUR").put("on_hand", onHand);
  }

  /** Creates the product with these SKUs; returns its admin view. */
  public JsonObject product(JsonObject product, JsonObject... skus) {
    Reply reply = api.post("/api/v1/admin/products", admin,
      product.copy().put("skus", new JsonArray(List.of((Object[]) skus))));
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  /** An active product "Product {@code code}" with one SKU {@code code}; returns its admin view. */
  public JsonObject product(String code, long price, int onHand) {
    return product(code, price, onHand, null);
  }

  /** The same, limited to {@code purchaseLimit} units per order when not null. */
  public JsonObject product(String code, long price, int onHand, Integer purchaseLimit) {
    JsonObject product = new JsonObject().put("slug", code.toLowerCase(Locale.ROOT) + "-product")
      .put("title", "Product " + code)
      .put("status", "active");
    if (purchaseLimit != null) {
      product.put("purchase_limit", purchaseLimit);
    }
    return product(product, skuBody(code, price, onHand));
  }

  /** An active product with one SKU; returns the SKU id. */
  public String sku(String code, long price, int onHand) {
    return firstSkuId(product(code, price, onHand));
  }

  public String sku(String code, long price, int onHand, Integer purchaseLimit) {
    return firstSkuId(product(code, price, onHand, purchaseLimit));
  }

  /** The first SKU's id in an admin product view. */
  public static String firstSkuId(JsonObject adminView) {
    return adminView.getJsonArray("admin_skus").getJsonObject(0).getString("id");
  }

  /** The SKU's on_hand and reserved, as PostgreSQL holds them. */
  public JsonObject stock(String skuId) {
    return Wait.forResult(TestServer.db().preparedQuery("SELECT on_hand, reserved FROM skus WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(skuId)))).iterator().next().toJson();
  }

  /** {@code count} new customers (rows and tokens made directly, see {@link Shoppers}); returns their tokens. */
  public List<String> customers(int count) {
    return Shoppers.mint(Objects.requireNonNull(vertx, "a ShopFixture made without a Vertx mints no customers"), count);
  }

  /** Sets the SKU's quantity in the customer's cart. */
  public void addToCart(String token, String skuId, int quantity) {
    Reply reply = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + skuId).bearer(token)
      .send(new JsonObject().put("quantity", quantity));
    assertEquals(200, reply.status(), reply::toString);
  }

  /** Checks the customer's cart out to {@link #ADDRESS}; the reply as it comes. */
  public Reply checkout(String token, String key) {
    return api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", key)
      .send(new JsonObject().put("shipping_address", ADDRESS));
  }

  /** Puts {@code quantity} of the SKU in the customer's cart and checks out; returns the order id (pending payment). */
  public String order(String token, String skuId, int quantity) {
    addToCart(token, skuId, quantity);
    Reply placed = checkout(token, UUID.randomUUID().toString());
    assertEquals(201, placed.status(), placed::toString);
    return placed.json().getString("id");
  }
}
