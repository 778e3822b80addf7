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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alternative durable step, {@code flashSales.intake = kafka}, on a second server that uses it. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class KafkaIntakeTest {

  @Test
  @DisplayName("Kafka intake: 600 buyers for 50 units; every 202 becomes an order once the intake consumer wrote it, exactly 50")
  void everyAcceptedPurchaseBecomesAnOrder(Vertx vertx) throws Exception {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-KAFKA", 50, 1).getString("id");
    List<String> buyers = sales.buyers(600);
    onKafkaIntakeServer(vertx, viaKafka -> {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < buyers.size(); i++) {
        replies.add(viaKafka.buyWithRetries(buyers.get(i), saleId, "key-" + i, 10));
      }
      Wait.forResult(Future.join(replies));
      Set<String> accepted = replies.stream().map(Future::result).filter(r -> r.status() == 202)
        .map(r -> r.json().getString("purchase_id")).collect(Collectors.toSet());
      assertEquals(50, accepted.size());
      assertTrue(replies.stream().allMatch(r -> r.result().status() == 202 || r.result().status() == 410));

      Wait.until("the intake consumer to write 50 purchases", Duration.ofSeconds(20),
        () -> TestServer.count("SELECT count(*) FROM flash_purchases"), written -> written >= 50);
      Set<String> written = Wait
        .forResult(TestServer.db().query("SELECT id FROM flash_purchases WHERE status = 'ordered'").execute())
        .stream().map(row -> row.getUUID(0).toString()).collect(Collectors.toSet());
      assertEquals(accepted, written, "the orders are exactly the purchases answered 202");
      assertEquals(50, TestServer.count("SELECT sold FROM flash_sales"));
    });
  }

  @Test
  @DisplayName("Kafka stopped during a Kafka-intake sale: the unsent purchase answers 503 and keeps its unit, later "
    + "presses get 503 with nothing taken, and once Kafka is back the held purchase becomes an order and its retry "
    + "gets 202 with the same ids")
  void unconfirmedPurchaseKeepsItsUnitUntilKafkaTakesIt(Vertx vertx) throws Exception {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-KAFKA-DOWN", 2, 1).getString("id");
    List<String> buyers = sales.buyers(3);
    onKafkaIntakeServer(vertx, viaKafka -> {
      assertEquals(202, Wait.forResult(viaKafka.buy(buyers.get(0), saleId, "first")).status(), "Kafka up: accepted");
      TestServer.stopKafka();
      try {
        Reply held = Wait.forResult(viaKafka.buy(buyers.get(1), saleId, "held"));
        assertEquals(503, held.status(), "the send was not acknowledged");
        assertTrue(held.json().getString("detail").contains("held"), held.body().toString());
        Reply turnedAway = Wait.forResult(viaKafka.buy(buyers.get(2), saleId, "later"));
        assertEquals(503, turnedAway.status());
        assertTrue(turnedAway.json().getString("detail").contains("nothing was taken"),
          turnedAway.body().toString());
      } finally {
        TestServer.startKafka();
      }
      // the producer keeps sending the held purchase: it becomes an order without the buyer asking again
      Wait.until("the held purchase to become an order", Duration.ofSeconds(60),
        () -> TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered' AND sale_id = '" + saleId
          + "'"),
        n -> n >= 2);
      Reply retried = Wait.forResult(viaKafka.buyWithRetries(buyers.get(1), saleId, "held", 10));
      assertEquals(202, retried.status(), retried.body().toString());
      assertEquals("true", retried.header("Idempotent-Replayed"));
      Set<String> ordered = Wait
        .forResult(TestServer.db().query("SELECT id FROM flash_purchases WHERE status = 'ordered' AND sale_id = '"
          + saleId + "'").execute())
        .stream().map(row -> row.getUUID(0).toString()).collect(Collectors.toSet());
      assertTrue(ordered.contains(retried.json().getString("purchase_id")), "the 202 names the written purchase");
      // the last unit went to the held buyer: the turned-away one finds the sale sold out, not a unit still free
      assertEquals(410, Wait.forResult(viaKafka.buyWithRetries(buyers.get(2), saleId, "later", 10)).status());
      assertEquals(2, TestServer.count("SELECT sold FROM flash_sales WHERE id = '" + saleId + "'"));
    });
  }

  @Test
  @DisplayName("Kafka intake: a reservation a stopped process left in doubt (the gate took the unit, the send never "
    + "reached Kafka, the buyer never asks again) is sent again by the sweep and becomes that buyer's order once")
  void reservationLeftInDoubtBecomesTheOrder(Vertx vertx) throws Exception {
    FlashSaleFixtures sales = new FlashSaleFixtures(new Api(vertx), vertx);
    String saleId = sales.liveSale("FS-KAFKA-DOUBT", 3, 1).getString("id");
    List<String> buyers = sales.buyers(2);
    onKafkaIntakeServer(vertx, viaKafka -> {
      assertEquals(202, Wait.forResult(viaKafka.buy(buyers.get(0), saleId, "first")).status(), "the gate is built");
      // what a process does before its send, and then it stops: the gate's script takes the unit for the buyer
      FlashGate gate = new FlashGate(TestServer.redisClient(), TestServer.db(), 1);
      Wait.forResult(gate.loadScripts());
      UUID buyer = Api.subject(buyers.get(1));
      UUID purchaseId = UUID.randomUUID();
      UUID orderId = UUID.randomUUID();
      FlashGate.Decision taken = Wait.forResult(
        gate.purchase(UUID.fromString(saleId), buyer.toString(), "lost", 1, purchaseId, orderId, true));
      assertEquals("accepted", taken.outcome());

      Wait.until("the reservation left in doubt to become an order", Duration.ofSeconds(60),
        () -> TestServer.count("SELECT count(*) FROM flash_purchases p JOIN orders o ON o.id = p.order_id "
          + "WHERE p.id = '" + purchaseId + "' AND o.id = '" + orderId + "' AND p.user_id = '" + buyer + "'"),
        n -> n == 1);
      assertEquals(2, TestServer.count("SELECT sold FROM flash_sales WHERE id = '" + saleId + "'"));
      assertEquals(2, TestServer.count("SELECT count(*) FROM flash_purchases WHERE sale_id = '" + saleId + "'"));
      // the buyer's own retry is answered with that purchase
      Reply replay = Wait.forResult(viaKafka.buyWithRetries(buyers.get(1), saleId, "lost", 10));
      assertEquals(202, replay.status(), replay.body().toString());
      assertEquals(purchaseId.toString(), replay.json().getString("purchase_id"));
    });
  }

  /** What a test does against a second server that takes purchases through the Kafka intake. */
  private interface OnKafkaIntake {
    void run(FlashSaleFixtures viaKafka) throws Exception;
  }

  private static void onKafkaIntakeServer(Vertx vertx, OnKafkaIntake test) throws Exception {
    int port = freePort();
    Vertx second = Vertx.vertx();
    try {
      Wait.forResult(SurgeServer.start(second, kafkaIntakeConfig(port)));
      test.run(new FlashSaleFixtures(new Api(vertx, port), vertx));
    } finally {
      Wait.forResult(second.close());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonObject kafkaIntakeConfig(int port) {
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("http").put("port", port).put("instances", 1);
    config.getJsonObject("flashSales").put("intake", "kafka");
    return config;
  }
}
