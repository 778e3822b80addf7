package io.surge.cart;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static io.surge.cart.CartFixtures.TOKEN_HEADER;
import static io.surge.cart.CartFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CartGuestTest {

  private Api api;
  private CartFixtures shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new CartFixtures(api);
  }

  private String guestCart(String sku, int quantity) {
    Reply reply = shop.put(null, null, sku, quantity);
    assertEquals(200, reply.status(), reply::toString);
    String token = reply.header(TOKEN_HEADER);
    assertNotNull(token, "a guest's first change issues a cart token");
    return token;
  }

  private static boolean exists(String key) {
    return Wait.forResult(TestServer.redis().exists(List.of(key))).toInteger() == 1;
  }

  @Test
  @DisplayName("a guest's first change issues a random URL-safe cart token that names the cart from then on")
  void tokenRoundTrip() {
    String mug = shop.sku("mug", 900, 10);
    String cup = shop.sku("cup", 450, 10);
    String token = guestCart(mug, 2);
    assertTrue(token.matches("[A-Za-z0-9_-]{32}"), token);
    assertNotEquals(token, guestCart(mug, 1), "every new guest gets a token of their own");

    Reply second = shop.put(null, token, cup, 1);
    assertEquals(200, second.status());
    assertNull(second.header(TOKEN_HEADER), "a known token is kept");
    JsonObject view = shop.get(null, token).json();
    assertEquals(2, line(view, mug).getInteger("quantity"));
    assertEquals(1, line(view, cup).getInteger("quantity"));

    assertEquals(0, shop.get(null, null).json().getJsonArray("lines").size(), "no token, no cart");
    long ttl = Wait.forResult(TestServer.redis().ttl("surge:cart:guest:" + token)).toLong();
    assertTrue(ttl > 30 * 86_400 - 60, "ttl " + ttl);

    assertEquals(204, shop.clear(null, token).status());
    assertEquals(0, shop.get(null, token).json().getJsonArray("lines").size());
    Reply afterClear = shop.put(null, token, mug, 1);
    assertNull(afterClear.header(TOKEN_HEADER), "an emptied guest cart keeps its token");
  }

  @Test
  @DisplayName("a cart token the server did not issue is never adopted: reads are empty and a change gets a new token")
  void madeUpToken() {
    String mug = shop.sku("mug", 900, 10);
    String madeUp = "A".repeat(32);
    JsonObject empty = shop.get(null, madeUp).json();
    assertEquals(0, empty.getJsonArray("lines").size());
    assertEquals("EUR", empty.getString("currency"), "an empty cart has a currency (orders.cartCurrency)");
    assertEquals(new JsonObject().put("amount", 0).put("currency", "EUR"), empty.getJsonObject("subtotal"));

    Reply put = shop.put(null, madeUp, mug, 1);
    assertEquals(200, put.status(), put::toString);
    String issued = put.header(TOKEN_HEADER);
    assertNotNull(issued);
    assertNotEquals(madeUp, issued);
    assertTrue(!exists("surge:cart:guest:" + madeUp), "nothing stored under the made-up token");
    assertEquals(0, shop.get(null, madeUp).json().getJsonArray("lines").size());
    assertEquals(1, shop.get(null, issued).json().getJsonArray("lines").size());

    assertNotNull(shop.put(null, "../../etc", mug, 1).header(TOKEN_HEADER), "a malformed token is not used either");
  }

  @Test
  @DisplayName("logging in with a cart token merges the guest cart: quantities add up, capped by stock, and the guest cart is gone")
  void mergedAtLogin() {
    String mug = shop.sku("mug", 900, 4);
    String cup = shop.sku("cup", 450, 10);
    String bowl = shop.sku("bowl", 300, 10);
    String email = "merge-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    String user = api.logIn(email, Api.PASSWORD).getString("access_token");
    shop.put(user, null, mug, 2);
    shop.put(user, null, bowl, 1);

    String token = guestCart(mug, 3);
    shop.put(null, token, cup, 2);

    Reply login = api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", email).put("password", Api.PASSWORD).put("cart_token", token));
    assertEquals(200, login.status(), login::toString);

    JsonObject view = shop.get(login.json().getString("access_token"), null).json();
    assertEquals(4, line(view, mug).getInteger("quantity"), "2 + 3 capped at the 4 in stock");
    assertEquals(2, line(view, cup).getInteger("quantity"));
    assertEquals(1, line(view, bowl).getInteger("quantity"));
    assertEquals(900, line(view, mug).getJsonObject("added_unit_price").getLong("amount"));
    assertTrue(!exists("surge:cart:guest:" + token), "the guest cart is deleted");
    assertEquals(0, shop.get(null, token).json().getJsonArray("lines").size());
  }

  @Test
  @DisplayName("a cart token that names no cart does not stand in the way of logging in")
  void loginWithStaleToken() {
    String email = "stale-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    for (String token : List.of("B".repeat(32), "not a token")) {
      Reply login = api.post("/api/v1/auth/token", null,
        new JsonObject().put("email", email).put("password", Api.PASSWORD).put("cart_token", token));
      assertEquals(200, login.status(), login::toString);
    }
    assertEquals(0, Wait.forResult(TestServer.redis().keys("surge:cart:*")).size());
  }
}
