package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.CrashedClaims;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkout's Idempotency-Key is looked up and written in the order's own transaction: a replay gets the first
 * answer whatever the cart holds now, a key left behind by a crashed process is respected until its lease ends, and a
 * key past its lifetime is free again.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CheckoutIdempotencyTest {

  private static final JsonObject BODY = new JsonObject().put("shipping_address", ShopFixture.ADDRESS);

  private Api api;
  private ShopFixture shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
  }

  private Reply checkout(String token, String key, JsonObject body) {
    return api.call(HttpMethod.POST, "/api/v1/orders").bearer(token).header("Idempotency-Key", key).send(body);
  }

  /** A new customer with one unit of a new SKU in the cart; returns the customer's token. */
  private String customerWithCart(String skuCode) {
    String token = api.customerToken();
    shop.addToCart(token, shop.sku(skuCode, 500, 10), 1);
    return token;
  }

  /** The reply repeats the first checkout's 201, marked as a replay. */
  private static void assertReplayOf(Reply placed, Reply replayed) {
    assertEquals(201, replayed.status(), replayed::toString);
    assertEquals("true", replayed.header("Idempotent-Replayed"));
    assertEquals(placed.json(), replayed.json());
  }

  private static long orders(String token) {
    return TestServer.count("SELECT count(*) FROM orders WHERE user_id = '" + Api.subject(token) + "'");
  }

  @Test
  @DisplayName("a lost 201 replayed after the cart was refilled gets the first order, not a second; another body gets 422")
  void replayWithCartRefilled() {
    String sku = shop.sku("IDEM-REFILL", 500, 10);
    String token = api.customerToken();
    shop.addToCart(token, sku, 1);
    Reply placed = checkout(token, "refill-1", BODY);
    assertEquals(201, placed.status(), placed::toString);

    shop.addToCart(token, sku, 2);
    assertReplayOf(placed, checkout(token, "refill-1", BODY));
    assertEquals(1, orders(token));
    assertEquals(1, shop.stock(sku).getInteger("reserved"), "the refilled cart reserved nothing");

    JsonObject elsewhere = BODY.copy().put("shipping_address", ShopFixture.ADDRESS.copy().put("city", "Elsewhere"));
    Reply reused = checkout(token, "refill-1", elsewhere);
    assertEquals(422, reused.status(), reused::toString);
    assertEquals("idempotency_key_reused", reused.code());
    assertEquals(1, orders(token));

    Reply next = checkout(token, "refill-2", BODY);
    assertEquals(201, next.status(), "the refilled cart is still there to check out: " + next);
    assertEquals(3, shop.stock(sku).getInteger("reserved"));
  }

  @Test
  @DisplayName("with the cart emptied by the first checkout, a replay still gets its 201, and another body 422")
  void replayWithCartEmpty() {
    String sku = shop.sku("IDEM-EMPTY", 500, 10);
    String token = api.customerToken();
    shop.addToCart(token, sku, 1);
    Reply placed = checkout(token, "empty-1", BODY);
    assertEquals(201, placed.status(), placed::toString);

    assertReplayOf(placed, checkout(token, "empty-1", BODY));
    Reply reused = checkout(token, "empty-1", new JsonObject().put("address_id", placed.json().getString("id")));
    assertEquals(422, reused.status(), reused::toString);

    Reply empty = checkout(token, "empty-2", BODY);
    assertEquals(409, empty.status(), empty::toString);
    assertEquals("cart_empty", empty.code());
    shop.addToCart(token, sku, 1);
    Reply stillEmpty = checkout(token, "empty-2", BODY);
    assertEquals(409, stillEmpty.status(), "a refused checkout is replayed as refused: " + stillEmpty);
    assertEquals("true", stillEmpty.header("Idempotent-Replayed"));
    assertEquals(1, orders(token));
  }

  /** What a process killed mid-checkout under the claim-first protocol leaves behind: a claim whose lease ends then. */
  private static void crashedClaim(String token, String key, int leaseEndsInSeconds, int ageHours) {
    CrashedClaims.leave(Api.subject(token) + " POST /api/v1/orders", key, "POST", "/api/v1/orders", BODY,
      leaseEndsInSeconds, ageHours * 60);
  }

  @Test
  @DisplayName("a key left in flight by a crashed process answers 409 with Retry-After until its lease ends, then the same request takes it over")
  void crashedClaimIsTakenOver() throws Exception {
    String token = customerWithCart("IDEM-CRASH");
    crashedClaim(token, "crash-1", 30, 0);

    Reply held = checkout(token, "crash-1", BODY);
    assertEquals(409, held.status(), held::toString);
    assertEquals("idempotency_key_in_flight", held.code());
    int retryAfter = Integer.parseInt(held.header("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 30, "Retry-After counts down the lease: " + retryAfter);
    assertEquals(0, orders(token));

    Wait.forResult(TestServer.db().query("UPDATE idempotency_keys SET lease_until = now() - interval '1 second' "
      + "WHERE key = 'crash-1'").execute());
    Reply other = checkout(token, "crash-1", BODY.copy().put("shipping_address",
      ShopFixture.ADDRESS.copy().put("city", "Elsewhere")));
    assertEquals(422, other.status(), "only the same request takes a lapsed key over: " + other);
    Reply taken = checkout(token, "crash-1", BODY);
    assertEquals(201, taken.status(), taken::toString);
    assertNull(taken.header("Idempotent-Replayed"), "the retry did the work");
    assertEquals(taken.json(), checkout(token, "crash-1", BODY).json(), "and is the answer replayed from now on");
    assertEquals(1, orders(token));
  }

  @Test
  @DisplayName("a key past its lifetime is free again, even for another request")
  void expiredKeyIsFree() throws Exception {
    String token = customerWithCart("IDEM-OLD");
    crashedClaim(token, "old-1", 30, 25);
    Wait.forResult(TestServer.db().query("UPDATE idempotency_keys SET request_hash = '\\x00'::bytea, status_code = 409 "
      + "WHERE key = 'old-1'").execute());

    Reply placed = checkout(token, "old-1", BODY);
    assertEquals(201, placed.status(), placed::toString);
    assertNull(placed.header("Idempotent-Replayed"));
    assertEquals(1,
      TestServer.count("SELECT count(*) FROM idempotency_keys WHERE key = 'old-1' AND status_code = 201"));
  }
}
