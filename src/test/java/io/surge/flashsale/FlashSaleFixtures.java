package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sales and crowds of buyers for flash-sale tests. */
final class FlashSaleFixtures {

  private final Api api;
  private final Vertx vertx;
  private final ShopFixture shop;
  final String admin;

  FlashSaleFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
    this.shop = new ShopFixture(api, vertx);
    this.admin = shop.admin();
  }

  /** A live sale of {@code quantity} units (the SKU holds twice that) with the given per-user limit. */
  JsonObject liveSale(String code, int quantity, int perUserLimit) {
    String skuId = shop.sku(code, 9900, quantity * 2);
    Reply sale = api.post("/api/v1/admin/flash-sales", admin,
      new JsonObject().put("sku_id", skuId).put("sale_amount", 4900)
        .put("quantity", quantity).put("per_user_limit", perUserLimit).put("payment_window_minutes", 15)
        .put("starts_at", Instant.now().minusSeconds(1).toString())
        .put("ends_at", Instant.now().plusSeconds(3600).toString()));
    assertEquals(201, sale.status(), sale::toString);
    return sale.json();
  }

  /** An active product with one SKU of {@code onHand} units and no sale yet; returns the SKU id. */
  String sku(String code, int onHand) {
    return shop.sku(code, 100, onHand);
  }

  Future<Reply> buy(String token, String saleId, String key) {
    return api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases").bearer(token)
      .header("Idempotency-Key", key).sendAsync(null, null);
  }

  /**
   * A buyer who retries what a real client would retry (503, 409 in flight), up to {@code attempts} times, with the
   * same key; yields the final reply.
   */
  Future<Reply> buyWithRetries(String token, String saleId, String key, int attempts) {
    return buyWithBackoff(token, saleId, key, attempts, 20);
  }

  /** Waits double as long before each retry (up to 640 ms), as a well-behaved client does. */
  private Future<Reply> buyWithBackoff(String token, String saleId, String key, int attemptsLeft, long delayMillis) {
    return buy(token, saleId, key).compose(reply -> (reply.status() == 503 || reply.status() == 409) && attemptsLeft > 1
      ? timer(delayMillis)
        .compose(v -> buyWithBackoff(token, saleId, key, attemptsLeft - 1, Math.min(640, delayMillis * 2)))
      : Future.succeededFuture(reply));
  }

  private Future<Void> timer(long ms) {
    return vertx.timer(ms).mapEmpty();
  }

  List<String> buyers(int count) {
    return shop.customers(count);
  }
}
