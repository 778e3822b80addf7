package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class OrderConcurrencyTest {

  private Api api;
  private ShopFixture shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
  }

  private Future<Reply> checkoutAsync(String token, String key) {
    return api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", key)
      .sendAsync(new JsonObject().put("shipping_address", ShopFixture.ADDRESS).toBuffer(), "application/json");
  }

  @Test
  @DisplayName("200 concurrent checkouts for 50 units give exactly 50 orders; stock never below zero; reserved equals what orders hold")
  void exactStockUnderContention() {
    String sku = shop.sku("HOT-1", 2500, 50);
    List<String> buyers = shop.customers(200);
    buyers.forEach(token -> shop.addToCart(token, sku, 1));

    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      replies.add(checkoutAsync(buyers.get(i), "hot-" + i));
    }
    Wait.forResult(Future.join(replies));
    long created = replies.stream().filter(r -> r.result().status() == 201).count();
    long refused = replies.stream()
      .filter(r -> r.result().status() == 409 && "insufficient_stock".equals(r.result().code())).count();
    assertEquals(50, created);
    assertEquals(150, refused,
      () -> replies.stream().map(r -> r.result().status()).collect(Collectors.groupingBy(s -> s,
        Collectors.counting())).toString());

    JsonObject stock = shop.stock(sku);
    assertEquals(50, stock.getInteger("on_hand"));
    assertEquals(50, stock.getInteger("reserved"));
    assertEquals(50, TestServer.count("SELECT count(*) FROM orders"));
    assertEquals(50, TestServer.count("SELECT coalesce(sum(quantity), 0) FROM order_lines"));
  }

  @Test
  @DisplayName("multi-SKU carts filled in opposite orders check out concurrently without deadlock")
  void noDeadlockAcrossSkus() {
    String a = shop.sku("A-DUAL", 100, 1000);
    String b = shop.sku("B-DUAL", 100, 1000);
    List<String> buyers = shop.customers(40);
    for (int i = 0; i < buyers.size(); i++) {
      String first = i % 2 == 0 ? a : b;
      String second = i % 2 == 0 ? b : a;
      shop.addToCart(buyers.get(i), first, 1);
      shop.addToCart(buyers.get(i), second, 2);
    }
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      replies.add(checkoutAsync(buyers.get(i), "dual-" + i));
    }
    Wait.forResult(Future.join(replies));
    assertTrue(replies.stream().allMatch(r -> r.result().status() == 201),
      () -> replies.stream().map(r -> r.result().toString()).filter(s -> !s.startsWith("201")).findFirst().orElse(""));
    assertEquals(40, TestServer.count("SELECT count(*) FROM orders"));
  }

  @Test
  @DisplayName("the same checkout sent 10 times at once with one key makes one order, and every copy gets its 201")
  void idempotentCheckout() {
    String sku = shop.sku("ONCE-1", 700, 10);
    String token = api.customerToken();
    shop.addToCart(token, sku, 1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(checkoutAsync(token, "same-key"));
    }
    Wait.forResult(Future.join(replies));
    Set<String> orderIds = replies.stream().map(Future::result).filter(r -> r.status() == 201)
      .map(r -> r.json().getString("id")).collect(Collectors.toSet());
    assertEquals(1, orderIds.size());
    // the key is looked up under the customer's lock: a copy in flight waits for the first and replays its answer
    assertTrue(replies.stream().allMatch(r -> r.result().status() == 201),
      () -> replies.stream().map(r -> r.result().toString()).toList().toString());
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders"));

    Reply replay = Wait.forResult(checkoutAsync(token, "same-key"));
    assertEquals(201, replay.status());
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(orderIds.iterator().next(), replay.json().getString("id"));
    assertEquals(1, shop.stock(sku).getInteger("reserved"));
  }

  @Test
  @DisplayName("three checkouts of one cart at once, each with its own key, make one order and reserve its units once")
  void oneCartOneOrder() {
    String sku = shop.sku("CART-ONCE", 900, 10);
    String token = api.customerToken();
    shop.addToCart(token, sku, 1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replies.add(checkoutAsync(token, "cart-once-" + i));
    }
    Wait.forResult(Future.join(replies));
    List<Integer> statuses = replies.stream().map(r -> r.result().status()).sorted().toList();
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
    assertTrue(replies.stream().map(Future::result).filter(r -> r.status() != 201)
      .allMatch(r -> r.status() == 409 && Set.of("cart_empty", "cart_already_ordered").contains(r.code())),
      () -> replies.stream().map(r -> r.result().toString()).toList().toString());
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders"));
    assertEquals(1, shop.stock(sku).getInteger("reserved"));
    assertEquals(409, shop.checkout(token, "cart-once-after").status(), "the cart is empty after its order");
  }

  @Test
  @DisplayName("one customer cannot hoard: more than the per-order units of a SKU, or past the unpaid orders limit, is 409 and reserves nothing")
  void hoardingLimits() {
    String sku = shop.sku("HOARD-1", 500, 46);
    String token = api.customerToken();
    shop.addToCart(token, sku, 11);
    Reply tooMany = shop.checkout(token, "hoard-all");
    assertEquals(409, tooMany.status());
    assertEquals("too_many_units", tooMany.code());
    assertTrue(tooMany.json().getJsonArray("errors").encode().contains("sku:HOARD-1"), tooMany::toString);
    assertEquals(0, shop.stock(sku).getInteger("reserved"));

    for (int i = 0; i < 3; i++) { // the default limit: three orders awaiting payment
      shop.addToCart(token, sku, 2);
      assertEquals(201, shop.checkout(token, "hoard-" + i).status());
    }
    shop.addToCart(token, sku, 1);
    Reply fourth = shop.checkout(token, "hoard-3");
    assertEquals(409, fourth.status());
    assertEquals("unpaid_limit", fourth.code());
    assertEquals(6, shop.stock(sku).getInteger("reserved"));
    assertEquals(3, TestServer.count("SELECT count(*) FROM orders"));

    String other = api.customerToken();
    shop.addToCart(other, sku, 1);
    assertEquals(201, shop.checkout(other, "other-1").status(), "another shopper still buys");
  }
}
