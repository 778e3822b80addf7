package io.surge.flashsale;

import io.surge.SurgeServer;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sale's gate split over 4 buckets ({@code flashSales.gateBuckets = 4}), on a second server against the same
 * PostgreSQL and Redis: buyers crowd some buckets, which must borrow from the others; still exactly the quantity is
 * sold (none lost, none twice), every 202 is an order, limits hold, and a Redis that lost everything is rebuilt exactly.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class FlashSaleBucketsTest {

  private static final int K = 4;
  private static Vertx second;
  private static int port;

  private FlashSaleFixtures admin;
  private FlashSaleFixtures bucketed;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    admin = new FlashSaleFixtures(new Api(vertx), vertx);
    if (second == null) {
      JsonObject config = TestServer.secondServerConfig();
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      config.getJsonObject("http").put("port", port).put("instances", 1);
      config.getJsonObject("flashSales").put("gateBuckets", K).put("reconcileMillis", 300);
      second = Vertx.vertx();
      Wait.forResult(SurgeServer.start(second, config));
    }
    bucketed = new FlashSaleFixtures(new Api(vertx, port), vertx);
  }

  @AfterAll
  static void stopSecond() {
    if (second != null) {
      Wait.forResult(second.close());
      second = null;
    }
  }

  /** The buyer's id (the access token's subject). */
  private static String userId(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    return new JsonObject(payload).getString("sub");
  }

  /** Buyers of whom {@code share} in 10 hash to bucket 0 and the rest to bucket 1: buckets 2 and 3 see nobody. */
  private List<String> skewed(int count, int share) {
    GateBuckets buckets = new GateBuckets(K);
    List<String> first = new ArrayList<>();
    List<String> other = new ArrayList<>();
    while (first.size() < count * share / 10 || other.size() < count - count * share / 10) {
      for (String token : admin.buyers(count)) {
        int bucket = buckets.of(userId(token));
        if (bucket == 0 && first.size() < count * share / 10) {
          first.add(token);
        } else if (bucket == 1 && other.size() < count - count * share / 10) {
          other.add(token);
        }
      }
    }
    List<String> crowd = new ArrayList<>();
    for (int i = 0; i < count; i++) { // interleaved, so both buckets are pressed at once
      crowd.add(i % 10 < share ? first.remove(first.size() - 1) : other.remove(other.size() - 1));
    }
    return crowd;
  }

  private List<Reply> stampede(String saleId, List<String> buyers, int keysEach, Runnable midway) {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      for (int k = 0; k < keysEach; k++) {
        replies.add(bucketed.buyWithRetries(buyers.get(i), saleId, "key-" + i + "-" + k, 10));
      }
      if (i == buyers.size() / 4 && midway != null) {
        midway.run();
      }
    }
    Wait.forResult(Future.join(replies));
    return replies.stream().map(Future::result).toList();
  }

  private static void assertExactlySold(String saleId, List<Reply> replies, int quantity, int limit) {
    Map<Integer, Long> statuses = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    long accepted = replies.stream().filter(r -> r.status() == 202).count();
    assertEquals(quantity, accepted, "every unit sold, none twice: " + statuses);
    assertEquals(quantity,
      TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered' AND sale_id = '"
        + saleId + "'"),
      "every 202 is an order");
    TestServer.awaitOrdersWrittenOut();
    assertEquals(quantity, TestServer.count("SELECT count(*) FROM orders o JOIN flash_purchases p ON p.order_id = o.id "
      + "WHERE p.sale_id = '" + saleId + "'"));
    assertEquals(quantity, TestServer.count("SELECT sold FROM flash_sales WHERE id = '" + saleId + "'"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM (SELECT 1 FROM flash_purchases WHERE sale_id = '" + saleId
      + "' AND status = 'ordered' GROUP BY user_id HAVING sum(quantity) > " + limit + ") d"), "nobody over the limit");
    answeredAreOrders(saleId, replies);
    assertTrue(replies.stream().allMatch(r -> r.status() == 202 || r.status() == 410 || r.status() == 409),
      statuses::toString);
  }

  /** The purchases answered 202 are exactly the ones in PostgreSQL. */
  private static void answeredAreOrders(String saleId, List<Reply> replies) {
    var answered = replies.stream().filter(r -> r.status() == 202).map(r -> r.json().getString("order_id"))
      .collect(Collectors.toSet());
    var written = Wait.forResult(TestServer.db()
      .query("SELECT order_id FROM flash_purchases WHERE status = 'ordered' AND sale_id = '" + saleId + "'").execute())
      .stream().map(row -> row.getUUID(0).toString()).collect(Collectors.toSet());
    assertEquals(answered, written);
  }

  /** Every bucket's units, and the transfers not yet delivered. */
  private static int[] gate(String saleId) {
    GateBuckets buckets = new GateBuckets(K);
    int[] units = new int[K + 1];
    for (int i = 0; i < K; i++) {
      var stock = Wait.forResult(TestServer.redis().hget(buckets.base(UUID.fromString(saleId), i), "stock"));
      units[i] = stock == null ? -1 : stock.toInteger();
      units[K] += Wait.forResult(TestServer.redis().hlen(buckets.lent(UUID.fromString(saleId), i))).toInteger();
    }
    return units;
  }

  @Test
  @DisplayName("4 buckets, 600 buyers crowding 2 of them (8 in 10 on one) for 100 units: the crowded buckets borrow, "
    + "exactly 100 sold, every 202 an order, the other 500 told sold out, every bucket empty")
  void crowdedBucketsBorrow() {
    String saleId = admin.liveSale("FS-BUCKETS", 100, 1).getString("id");
    List<Reply> replies = stampede(saleId, skewed(600, 8), 1, null);
    assertExactlySold(saleId, replies, 100, 1);
    assertEquals(500, replies.stream().filter(r -> r.status() == 410).count());
    assertEquals("[0, 0, 0, 0, 0]", java.util.Arrays.toString(gate(saleId)), "buckets 0-3, transfers pending");
  }

  @Test
  @DisplayName("4 buckets, per-buyer limit 2: 150 buyers press 4 keys each for 200 units: nobody gets more than 2, "
    + "exactly 200 sold")
  void limitsHoldPerBuyer() {
    String saleId = admin.liveSale("FS-BUCKETS-LIMIT", 200, 2).getString("id");
    List<Reply> replies = stampede(saleId, skewed(150, 7), 4, null);
    assertExactlySold(saleId, replies, 200, 2);
    assertEquals(600 - 200 - replies.stream().filter(r -> r.status() == 410).count(),
      replies.stream().filter(r -> r.status() == 409).count(), "the rest: over the limit");
  }

  @Test
  @DisplayName("4 buckets, Redis killed mid-run and restarted empty: the buckets are rebuilt from PostgreSQL, "
    + "still exactly 100 sold")
  void redisLostMidRun() {
    String saleId = admin.liveSale("FS-BUCKETS-CRASH", 100, 1).getString("id");
    List<Reply> replies = stampede(saleId, skewed(600, 8), 1, TestServer::crashRedis);
    assertExactlySold(saleId, replies, 100, 1);
    assertEquals(500, replies.stream().filter(r -> r.status() == 410).count());
  }

  @Test
  @DisplayName("a transfer left half-done (units off the donor, never credited: the process died) is delivered once, "
    + "and the sale still sells every unit")
  void halfDoneTransferIsDelivered() {
    String saleId = admin.liveSale("FS-BUCKETS-TRANSFER", 40, 1).getString("id");
    UUID sale = UUID.fromString(saleId);
    GateBuckets buckets = new GateBuckets(K);
    Wait.until("the bucketed gate", Duration.ofSeconds(20), () -> gate(saleId)[3], units -> units == 10);
    String epoch = Wait.forResult(TestServer.redis().hget(buckets.base(sale, 3), "epoch")).toString();
    // what LEND does, with nobody left to deliver it: 6 units leave bucket 3 for bucket 0
    Wait.forResult(TestServer.redis().hincrby(buckets.base(sale, 3), "stock", "-6"));
    Wait
      .forResult(TestServer.redis().hset(List.of(buckets.lent(sale, 3), UUID.randomUUID().toString(), "0|6|" + epoch)));
    Wait.until("the transfer delivered", Duration.ofSeconds(20), () -> gate(saleId), units -> units[K] == 0);
    assertEquals("[16, 10, 10, 4, 0]", java.util.Arrays.toString(gate(saleId)));
    List<Reply> replies = stampede(saleId, skewed(200, 5), 1, null);
    assertExactlySold(saleId, replies, 40, 1);
  }
}
