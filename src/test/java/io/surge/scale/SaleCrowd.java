package io.surge.scale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.Shoppers;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A flash sale and its crowd, through one address (the proxy): buyers who, as a well-written client does, try again
 * with the same Idempotency-Key when the connection fails or the answer is 503 (or 409: that key is still in
 * flight), until they get a final answer. Every status seen on the way is counted.
 */
final class SaleCrowd {

  private final Api api;
  private final Vertx vertx;
  private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Integer> connectionErrors = new ConcurrentHashMap<>();

  SaleCrowd(Api api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  /** A live sale of {@code quantity} units, one per buyer; returns its id. */
  String liveSale(String code, int quantity) {
    ShopFixture shop = new ShopFixture(api, vertx);
    String skuId = shop.sku(code, 9900, quantity * 2);
    Reply sale = api.post("/api/v1/admin/flash-sales", shop.admin(),
      new JsonObject().put("sku_id", skuId).put("sale_amount", 4900)
        .put("quantity", quantity).put("per_user_limit", 1).put("payment_window_minutes", 15)
        .put("starts_at", Instant.now().minusSeconds(1).toString())
        .put("ends_at", Instant.now().plusSeconds(3600).toString()));
    assertEquals(201, sale.status(), sale::toString);
    return sale.json().getString("id");
  }

  List<String> buyers(int count) {
    return Shoppers.mint(vertx, count);
  }

  Future<Reply> buy(String token, String saleId, String key) {
    return api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases").bearer(token)
      .header("Idempotency-Key", key).sendAsync(null, null);
  }

  /** Tries until a final answer (not 503, not 409, not a failed connection), waiting longer each time up to 1 s. */
  Future<Reply> buyUntilAnswered(String token, String saleId, String key) {
    return attempt(token, saleId, key, 25);
  }

  private Future<Reply> attempt(String token, String saleId, String key, long delayMillis) {
    return buy(token, saleId, key).transform(done -> {
      if (done.succeeded()) {
        statuses.merge(done.result().status(), 1, Integer::sum);
        if (done.result().status() != 503 && done.result().status() != 409) {
          return Future.succeededFuture(done.result());
        }
      } else {
        connectionErrors.merge(String.valueOf(done.cause().getMessage()), 1, Integer::sum);
      }
      return vertx.timer(delayMillis).compose(t -> attempt(token, saleId, key, Math.min(1000, delayMillis * 2)));
    });
  }

  /** Every status any attempt got, with how often. */
  Map<Integer, Integer> statuses() {
    return Map.copyOf(statuses);
  }

  Map<String, Integer> connectionErrors() {
    return Map.copyOf(connectionErrors);
  }

  /** The purchase ids that PostgreSQL holds with an order, for this sale. */
  static Set<String> orderedPurchases(String saleId) {
    TestServer.awaitOrdersWrittenOut();
    Iterable<Row> rows = Wait.forResult(TestServer.db().preparedQuery(
      "SELECT p.id FROM flash_purchases p JOIN orders o ON o.id = p.order_id WHERE p.sale_id = $1 "
        + "AND p.status = 'ordered'")
      .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(saleId))));
    Set<String> ids = new HashSet<>();
    StreamSupport.stream(rows.spliterator(), false).forEach(row -> ids.add(row.getUUID(0).toString()));
    return ids;
  }
}
