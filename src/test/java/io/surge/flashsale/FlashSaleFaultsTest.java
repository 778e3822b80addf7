package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SecondServer;
import io.surge.support.ServerProcess;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class FlashSaleFaultsTest {

  @Test
  @DisplayName("the server stopped mid-run and restarted: every 202 answered before the stop is an order; still exactly 100 sold")
  void restartMidRun(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-RESTART", 100, 1).getString("id");
    List<String> buyers = sales.buyers(1200);

    List<Future<Reply>> before = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      before.add(sales.buy(buyers.get(i), saleId, "key-" + i));
    }
    TestServer.restart();
    Wait.forResult(Future.join(before).otherwiseEmpty());
    List<String> acceptedBefore = before.stream().filter(Future::succeeded).map(Future::result)
      .filter(r -> r.status() == 202).map(r -> r.json().getString("purchase_id")).toList();
    for (String purchase : acceptedBefore) {
      assertEquals(1, Wait.forResult(TestServer.db().preparedQuery("SELECT count(*) FROM flash_purchases WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(purchase)))).iterator().next().getLong(0), "a 202 became an order");
    }

    FlashSaleFixtures after = new FlashSaleFixtures(new Api(vertx), vertx);
    List<Future<Reply>> rest = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      rest.add(after.buyWithRetries(buyers.get(i), saleId, "key-" + i, 5));
    }
    Wait.forResult(Future.join(rest));
    assertEquals(100, TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'"));
    assertEquals(100, rest.stream().filter(r -> r.result().status() == 202).count(),
      "every buyer who got a unit (before or after) is answered 202 on retry, and no one else");
  }

  @Test
  @DisplayName("a server process killed with SIGKILL mid-run and restarted: every 202 answered before the kill is an order; "
    + "exactly 100 sold in the end")
  void processKilledMidRun(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-KILL", 100, 1).getString("id");
    List<String> buyers = sales.buyers(1200);
    try (ServerProcess server = ServerProcess.start()) {
      FlashSaleFixtures direct = new FlashSaleFixtures(new Api(vertx, server.port()), vertx);
      Promise<Void> someAccepted = Promise.promise();
      AtomicInteger accepted = new AtomicInteger();
      List<Future<Reply>> before = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        before.add(direct.buy(buyers.get(i), saleId, "key-" + i).onSuccess(reply -> {
          if (reply.status() == 202 && accepted.incrementAndGet() == 20) {
            someAccepted.tryComplete();
          }
        }));
      }
      Wait.forResult(someAccepted.future());
      server.kill();
      Wait.forResult(Future.join(before).otherwiseEmpty());
      List<String> answered = before.stream().filter(Future::succeeded).map(Future::result)
        .filter(r -> r.status() == 202).map(r -> r.json().getString("purchase_id")).toList();
      assertTrue(answered.size() >= 20);
      assertTrue(before.stream().anyMatch(Future::failed), "the kill cut requests off mid-flight");
      TestServer.awaitOrdersWrittenOut();
      for (String purchase : answered) {
        assertEquals(1, Wait.forResult(TestServer.db().preparedQuery(
          "SELECT count(*) FROM flash_purchases p JOIN orders o ON o.id = p.order_id WHERE p.id = $1")
          .execute(Tuple.of(UUID.fromString(purchase)))).iterator().next().getLong(0),
          "a 202 answered before the kill is an order");
      }

      server.restart();
      // Units the dead process had reserved but not written come back within seconds; buyers without a 202 keep
      // coming back, a wave every 300 ms, until then.
      Map<Integer, Reply> finalReplies = new HashMap<>();
      Wait.until("all 100 units ordered after the restart", Duration.ofSeconds(20), Duration.ofMillis(300),
        () -> waveOfRetries(direct, saleId, buyers, finalReplies), ordered -> ordered >= 100);
      assertEquals(100, TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'"));
      assertEquals(100, finalReplies.values().stream().filter(r -> r != null && r.status() == 202).count(),
        "exactly the buyers holding a unit are answered 202 (a replay for those written before the kill)");
    }
  }

  /** Every buyer not yet answered 202 tries again (same key); returns how many units are ordered afterwards. */
  private static long waveOfRetries(FlashSaleFixtures sales, String saleId, List<String> buyers,
    Map<Integer, Reply> finalReplies) {
    List<Integer> waiting = new ArrayList<>();
    List<Future<Reply>> wave = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      if (finalReplies.get(i) == null || finalReplies.get(i).status() != 202) {
        waiting.add(i);
        wave.add(sales.buyWithRetries(buyers.get(i), saleId, "key-" + i, 5));
      }
    }
    Wait.forResult(Future.join(wave).otherwiseEmpty());
    for (int w = 0; w < waiting.size(); w++) {
      finalReplies.put(waiting.get(w), wave.get(w).result());
    }
    return TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'");
  }

  @Test
  @DisplayName("two server instances selling one sale together sell exactly the quantity")
  void twoInstances(Vertx vertx) throws Exception {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-TWO", 100, 1).getString("id");
    List<String> buyers = sales.buyers(1000);
    try (SecondServer second = SecondServer.start()) {
      int port = second.port();
      WebClient other = WebClient.create(vertx);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < buyers.size(); i++) {
        if (i % 2 == 0) {
          statuses.add(sales.buyWithRetries(buyers.get(i), saleId, "key-" + i, 5).map(Reply::status));
        } else {
          statuses.add(other.request(HttpMethod.POST, port, "127.0.0.1", "/api/v1/flash-sales/" + saleId + "/purchases")
            .putHeader("Authorization", "Bearer " + buyers.get(i)).putHeader("Idempotency-Key", "key-" + i)
            .send().map(HttpResponse::statusCode));
        }
      }
      Wait.forResult(Future.join(statuses));
      long accepted = statuses.stream().filter(s -> s.result() == 202).count();
      assertEquals(100, accepted);
      assertEquals(100, TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'"));
      assertTrue(statuses.stream().allMatch(s -> s.result() == 202 || s.result() == 410 || s.result() == 503));
    }
  }

  @Test
  @DisplayName("units a dead process reserved in Redis but never wrote come back within seconds, so the sale still sells out")
  void lostReservationsReturn(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-LOST", 10, 1).getString("id");
    // As if ten reservations had been accepted by a process that died before writing them.
    Wait.forResult(TestServer.redis().hincrby("surge:fs:{" + saleId + "}", "stock", "-10"));
    List<String> buyers = sales.buyers(10);
    assertEquals(410, Wait.forResult(sales.buy(buyers.get(0), saleId, "too-early")).status(),
      "the gate believes it is empty");

    // Buyers in turn, each until served; the one refused tries again every 200 ms.
    AtomicInteger served = new AtomicInteger();
    Wait.until("every unit sold after all", Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
      while (served.get() < buyers.size()
        && Wait.forResult(sales.buy(buyers.get(served.get()), saleId, "key-" + served.get())).status() == 202) {
        served.incrementAndGet();
      }
      return served.get();
    }, count -> count == buyers.size());
    assertEquals(10, TestServer.count("SELECT sold FROM flash_sales"));
  }

  @Test
  @DisplayName("a process that starts while others sell leaves the sale's gate as it is: a purchase another process has "
    + "in flight keeps its key")
  void startingProcessLeavesTheLiveGate(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-LIVE-GATE", 10, 1).getString("id");
    String gate = "surge:fs:{" + saleId + "}";
    // As if another process had just reserved a unit and were still writing it.
    String inFlight = UUID.randomUUID() + "|key-elsewhere";
    Wait.forResult(TestServer.redis().hincrby(gate, "stock", "-1"));
    Wait.forResult(TestServer.redis().hset(List.of(gate + ":keys", inFlight,
      UUID.randomUUID() + "|" + UUID.randomUUID() + "|1|" + System.currentTimeMillis())));
    TestServer.restart();
    assertTrue(Wait.forResult(TestServer.redis().hexists(gate + ":keys", inFlight)).toBoolean(),
      "a starting process rebuilt the live gate and forgot a purchase in flight");
  }

  @Test
  @DisplayName("a buyer whose reservation a dead process left unwritten gets a fresh decision with the same key, once "
    + "it is old enough to be taken for abandoned")
  void abandonedReservationIsDecidedAfresh(Vertx vertx) {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-ABANDONED", 10, 1).getString("id");
    String buyer = sales.buyers(1).get(0);
    String userId = Api.subject(buyer).toString();
    String gate = "surge:fs:{" + saleId + "}";
    // What a process killed between the gate and the write leaves behind, a minute ago.
    Wait.forResult(TestServer.redis().hincrby(gate, "stock", "-1"));
    Wait.forResult(TestServer.redis().hincrby(gate + ":users", userId, "1"));
    Wait.forResult(TestServer.redis().hset(List.of(gate + ":keys", userId + "|key-1",
      UUID.randomUUID() + "|" + UUID.randomUUID() + "|1|" + (System.currentTimeMillis() - 60_000))));
    Reply reply = Wait.forResult(sales.buy(buyer, saleId, "key-1"));
    assertEquals(202, reply.status(), reply::toString);
    TestServer.awaitOrdersWrittenOut();
    assertEquals(1, TestServer.count("SELECT count(*) FROM flash_purchases p JOIN orders o ON o.id = p.order_id "
      + "WHERE p.id = '" + reply.json().getString("purchase_id") + "'"));
    Reply replay = Wait.forResult(sales.buy(buyer, saleId, "key-1"));
    assertEquals(202, replay.status(), replay::toString);
    assertEquals(reply.json().getString("purchase_id"), replay.json().getString("purchase_id"));
  }
}
