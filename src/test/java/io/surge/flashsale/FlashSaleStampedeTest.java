package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Invariants under a stampede: exactly the quantity sold, every 202 an order, no duplicates, limits hold. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class FlashSaleStampedeTest {

  private Api api;
  private FlashSaleFixtures sales;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
  }

  private List<Reply> stampede(String saleId, List<String> buyers, Runnable midway) {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      replies.add(sales.buyWithRetries(buyers.get(i), saleId, "key-" + i, 10));
      if (i == buyers.size() / 4 && midway != null) {
        midway.run();
      }
    }
    Wait.forResult(Future.join(replies));
    return replies.stream().map(Future::result).toList();
  }

  private static void assertInvariants(List<Reply> replies, int quantity) {
    long accepted = replies.stream().filter(r -> r.status() == 202).count();
    Map<Integer, Long> statuses = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    assertEquals(quantity, accepted, statuses::toString);
    assertEquals(quantity, TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'"),
      "every 202 is an order");
    TestServer.awaitOrdersWrittenOut();
    assertEquals(quantity, TestServer.count("SELECT count(*) FROM orders WHERE source = 'flash_sale'"));
    assertEquals(quantity, TestServer.count("SELECT sold FROM flash_sales"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM (SELECT 1 FROM flash_purchases GROUP BY sale_id, user_id, "
      + "idempotency_key HAVING count(*) > 1) d"), "one purchase per key");
    assertEquals(0, TestServer.count("SELECT count(*) FROM (SELECT 1 FROM flash_purchases WHERE status = 'ordered' "
      + "GROUP BY sale_id, user_id HAVING sum(quantity) > 1) d"), "nobody over the limit");
    assertEquals(replies.size() - quantity, replies.stream().filter(r -> r.status() == 410).count(),
      statuses::toString);
  }

  @Test
  @DisplayName("2 000 concurrent buyers with retries for 100 units: exactly 100 orders, no duplicates, limit holds")
  void exactlyTheQuantity() {
    String saleId = sales.liveSale("FS-HOT", 100, 1).getString("id");
    assertInvariants(stampede(saleId, sales.buyers(2000), null), 100);
  }

  @Test
  @DisplayName("Redis killed (SIGKILL) mid-run and restarted empty: the gate is rebuilt from PostgreSQL and still exactly 100 "
    + "are sold, none lost")
  void redisKilledMidRun() {
    String saleId = sales.liveSale("FS-CRASH", 100, 1).getString("id");
    assertInvariants(stampede(saleId, sales.buyers(2000), TestServer::crashRedis), 100);
  }

  @Test
  @DisplayName("Kafka stopped mid-run: purchases stay durable in PostgreSQL, still exactly 100, events wait in the outbox")
  void kafkaStoppedMidRun() {
    String saleId = sales.liveSale("FS-NOKAFKA", 100, 1).getString("id");
    List<String> buyers = sales.buyers(1000);
    TestServer.stopKafka();
    try {
      List<Reply> replies = stampede(saleId, buyers, null);
      long accepted = replies.stream().filter(r -> r.status() == 202).count();
      assertEquals(100, accepted);
      assertEquals(100, TestServer.count("SELECT count(*) FROM flash_purchases"));
    } finally {
      TestServer.startKafka();
    }
  }
}
