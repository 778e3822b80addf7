package io.surge.cart;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static io.surge.cart.CartFixtures.flags;
import static io.surge.cart.CartFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CartTest {

  private Api api;
  private CartFixtures shop;
  private String customer;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new CartFixtures(api);
    customer = api.customerToken();
  }

  @Test
  @DisplayName("a user adds a SKU by code, changes its quantity, adds another by id, removes one and clears the cart")
  void addUpdateRemoveClear() {
    String mug = shop.sku("mug", 900, 10);
    String cup = shop.sku("cup", 450, 10);

    Reply added = shop.put(customer, null, "MUG-1", 2);
    assertEquals(200, added.status(), added::toString);
    assertNull(added.header(CartFixtures.TOKEN_HEADER), "a user's cart needs no cart token");
    JsonObject line = line(added.json(), mug);
    assertEquals(2, line.getInteger("quantity"));
    assertEquals("MUG-1", line.getString("sku_code"));
    assertEquals("Title of mug", line.getJsonObject("product").getString("title"));
    assertEquals(new JsonObject().put("amount", 900).put("currency", "EUR"), line.getJsonObject("unit_price"));
    assertEquals(1800, line.getJsonObject("line_total").getLong("amount"));
    assertEquals(List.of(), line.getJsonArray("flags").getList());

    assertEquals(200, shop.put(customer, null, mug, 3).status(), "the same SKU by id sets its quantity");
    JsonObject view = shop.put(customer, null, cup, 1).json();
    assertEquals(2, view.getInteger("line_count"));
    assertEquals(4, view.getInteger("item_count"));
    assertEquals(new JsonObject().put("amount", 3 * 900 + 450).put("currency", "EUR"), view.getJsonObject("subtotal"));
    assertEquals(List.of(mug, cup),
      view.getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("sku_id")).toList(),
      "oldest line first");

    Reply removed = shop.remove(customer, null, "MUG-1");
    assertEquals(200, removed.status(), removed::toString);
    assertNull(line(removed.json(), mug));
    assertEquals(450, removed.json().getJsonObject("subtotal").getLong("amount"));
    assertEquals(200, shop.remove(customer, null, "MUG-1").status(), "removing again changes nothing");

    assertEquals(204, shop.clear(customer, null).status());
    JsonObject empty = shop.get(customer, null).json();
    assertEquals(0, empty.getJsonArray("lines").size());
    assertEquals(0, empty.getJsonObject("subtotal").getLong("amount"));
  }

  @Test
  @DisplayName("the cart is priced at read time and flags a line whose price changed since it was added")
  void repricedAtReadTime() {
    String mug = shop.sku("mug", 900, 10);
    shop.put(customer, null, mug, 2);
    shop.setPrice(mug, 750);

    JsonObject view = shop.get(customer, null).json();
    JsonObject line = line(view, mug);
    assertEquals(List.of("price_changed"), flags(view, mug));
    assertEquals(750, line.getJsonObject("unit_price").getLong("amount"));
    assertEquals(900, line.getJsonObject("added_unit_price").getLong("amount"));
    assertEquals(1500, view.getJsonObject("subtotal").getLong("amount"));

    JsonObject again = shop.put(customer, null, mug, 3).json();
    assertEquals(List.of(), flags(again, mug), "setting the quantity again accepts the price now shown");
  }

  @Test
  @DisplayName("a SKU that is archived or sold out is flagged unavailable and left out of the subtotal; low stock is flagged with what is left")
  void unavailableLines() {
    String mug = shop.sku("mug", 900, 10);
    String cup = shop.sku("cup", 450, 5);
    String bowl = shop.sku("bowl", 300, 5);
    shop.put(customer, null, mug, 1);
    shop.put(customer, null, cup, 1);
    shop.put(customer, null, bowl, 4);

    shop.archive(mug);
    shop.adjustStock(cup, -5);
    shop.adjustStock(bowl, -3);

    JsonObject view = shop.get(customer, null).json();
    assertEquals(List.of("unavailable"), flags(view, mug));
    assertEquals(List.of("unavailable"), flags(view, cup));
    assertEquals(0, line(view, cup).getInteger("available"));
    assertEquals(List.of("insufficient_stock"), flags(view, bowl));
    assertEquals(2, line(view, bowl).getInteger("available"));
    assertEquals(4 * 300, view.getJsonObject("subtotal").getLong("amount"), "only the line that can still be bought");
    assertEquals(3, view.getJsonArray("lines").size(), "flagged lines stay in the cart");
  }

  @Test
  @DisplayName("adding more than is in stock is a 409 naming what is available; an unknown or unpublished SKU is a 404")
  void refusedAdds() {
    shop.sku("mug", 900, 3);
    Reply tooMany = shop.put(customer, null, "MUG-1", 4);
    assertEquals(409, tooMany.status(), tooMany::toString);
    assertEquals("insufficient_stock", tooMany.code());
    assertTrue(tooMany.json().getString("detail").contains("3"), tooMany::toString);

    Reply unknown = shop.put(customer, null, "NO-SUCH-SKU", 1);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.code());
    assertEquals(404, shop.put(customer, null, "00000000-0000-0000-0000-000000000000", 1).status());

    String archived = shop.sku("cup", 450, 5);
    shop.archive(archived);
    assertEquals(404, shop.put(customer, null, archived, 1).status(), "an archived SKU cannot be added");
    assertEquals(0, shop.get(customer, null).json().getJsonArray("lines").size());
  }

  @Test
  @DisplayName("a quantity of 0, 100 or a string is a 400 problem")
  void badQuantity() {
    shop.sku("mug", 900, 10);
    for (Object quantity : List.of(0, 100, "two")) {
      Reply reply = shop.put(customer, null, "MUG-1", quantity);
      assertEquals(400, reply.status(), () -> quantity + ": " + reply);
      assertEquals("validation_failed", reply.code());
      assertEquals("application/problem+json", reply.header("Content-Type"));
    }
  }

  @Test
  @DisplayName("an invalid bearer token is a 401, never a silent guest cart")
  void invalidBearer() {
    shop.sku("mug", 900, 10);
    Reply put = shop.put("not-a-jwt", null, "MUG-1", 1);
    assertEquals(401, put.status(), put::toString);
    assertNull(put.header(CartFixtures.TOKEN_HEADER));
    String tampered = customer.substring(0, customer.length() - 4) + "AAAA";
    assertEquals(401, shop.get(tampered, null).status());
    assertEquals(0, Wait.forResult(TestServer.redis().keys("surge:cart:*")).size(), "nothing was written");
  }

  @Test
  @DisplayName("each user has a cart of their own")
  void usersAreSeparate() {
    String mug = shop.sku("mug", 900, 10);
    String other = api.customerToken();
    shop.put(customer, null, mug, 2);
    assertEquals(0, shop.get(other, null).json().getJsonArray("lines").size());
    shop.put(other, null, mug, 5);
    assertEquals(2, line(shop.get(customer, null).json(), mug).getInteger("quantity"));
    assertEquals(2, Wait.forResult(TestServer.redis().keys("surge:cart:user:*")).size());
  }

  @Test
  @DisplayName("a cart lives 30 days from its last change")
  void ttl() {
    String mug = shop.sku("mug", 900, 10);
    shop.put(customer, null, mug, 1);
    String key = Wait.forResult(TestServer.redis().keys("surge:cart:user:*")).get(0).toString();
    long ttl = Wait.forResult(TestServer.redis().ttl(key)).toLong();
    assertTrue(ttl > 30 * 86_400 - 60 && ttl <= 30 * 86_400, "ttl " + ttl);
    Wait.forResult(TestServer.redis().expire(List.of(key, "60")));
    shop.put(customer, null, mug, 2);
    assertTrue(Wait.forResult(TestServer.redis().ttl(key)).toLong() > 86_400, "refreshed by the change");
  }

  @Test
  @DisplayName("a cart holds at most 50 lines; the 51st is a 409 cart_full while changing an existing line still works")
  void cartFull() {
    String[] codes = new String[51];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = "T-" + i;
    }
    List<String> skus = shop.product("tea", 100, 5, codes);
    for (int i = 0; i < 50; i++) {
      assertEquals(200, shop.put(customer, null, skus.get(i), 1).status());
    }
    Reply full = shop.put(customer, null, skus.get(50), 1);
    assertEquals(409, full.status(), full::toString);
    assertEquals("cart_full", full.code());
    assertEquals(200, shop.put(customer, null, skus.get(0), 2).status());
    assertEquals(50, shop.get(customer, null).json().getInteger("line_count"));
  }

  @Test
  @DisplayName("concurrent additions of different SKUs to one cart all land")
  void concurrentAdds() {
    String[] codes = new String[20];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = "C-" + i;
    }
    List<String> skus = shop.product("coffee", 100, 5, codes);
    List<Future<Reply>> puts = skus.stream().map(sku -> api.call(HttpMethod.PUT,
      "/api/v1/cart/items/" + sku).bearer(customer)
      .sendAsync(new JsonObject().put("quantity", 1).toBuffer(), "application/json")).toList();
    puts.forEach(put -> assertEquals(200, Wait.forResult(put).status()));
    assertEquals(20, shop.get(customer, null).json().getInteger("line_count"));
  }

  @Test
  @DisplayName("checkout reads a user's lines with the price they were added at, and clears the cart")
  void checkoutView() {
    String mug = shop.sku("mug", 900, 10);
    shop.put(customer, null, mug, 2);
    shop.setPrice(mug, 800);
    String userId = api.get("/api/v1/me", customer).json().getString("id");
    Carts carts = new RedisCarts(TestServer.redis(), TestServer.db(), CartSettings.from(TestServer.config()));

    assertEquals(List.of(new CartLine(UUID.fromString(mug), 2, 900)), Wait.forResult(carts.lines(userId)));
    Wait.forResult(carts.clear(userId));
    assertEquals(List.of(), Wait.forResult(carts.lines(userId)));
    assertEquals(0, shop.get(customer, null).json().getJsonArray("lines").size());
  }
}
