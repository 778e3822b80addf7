package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class WriterInFlightTest {

  @Test
  @DisplayName("the writer keeps two transactions in flight (flashSales.writerInFlight): the second waits on the "
    + "sale's lock inside PostgreSQL, a third batch waits for a slot, and each is written once the lock is free")
  void twoTransactionsInFlight(Vertx vertx) {
    Api api = new Api(vertx);
    FlashSaleFixtures sales = new FlashSaleFixtures(api, vertx);
    String saleId = sales.liveSale("FS-IN-FLIGHT", 10, 10).getString("id");
    String token = api.customerToken();
    // an admin's change to the sale (or any transaction) holding its row: every writer batch for it must wait
    SqlConnection holder = Wait.forResult(TestServer.db().getConnection());
    List<Future<Reply>> bought;
    try {
      Wait.forResult(holder.query("BEGIN").execute());
      Wait.forResult(holder.preparedQuery("SELECT 1 FROM flash_sales WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(UUID.fromString(saleId))));
      Future<Reply> first = sales.buy(token, saleId, "in-flight-1");
      Wait.until("the first batch waits on the sale's lock", Duration.ofSeconds(10), WriterInFlightTest::waitingOnSale,
        waiting -> waiting == 1);
      Future<Reply> second = sales.buy(token, saleId, "in-flight-2");
      Wait.until("a second batch waits behind it, inside PostgreSQL", Duration.ofSeconds(10),
        WriterInFlightTest::waitingOnSale, waiting -> waiting == 2);
      Future<Reply> third = sales.buy(token, saleId, "in-flight-3");
      Future<Reply> fourth = sales.buy(token, saleId, "in-flight-4");
      Wait.throughout("no third transaction: the next batch waits for a slot", Duration.ofMillis(500),
        WriterInFlightTest::waitingOnSale, waiting -> waiting == 2);
      bought = List.of(first, second, third, fourth);
      bought.forEach(purchase -> assertFalse(purchase.isComplete(), "no 202 before the purchase is written"));
      Wait.forResult(holder.query("COMMIT").execute());
    } finally {
      holder.close();
    }
    Set<String> orders = new HashSet<>();
    for (Future<Reply> purchase : bought) {
      Reply reply = Wait.forResult(purchase);
      assertEquals(202, reply.status(), reply::toString);
      orders.add(reply.json().getString("order_id"));
    }
    assertEquals(4, orders.size(), "four purchases, four orders");
    assertEquals(4, TestServer.count("SELECT count(*) FROM flash_purchases WHERE sale_id = '" + saleId + "'"));
    assertEquals(4, TestServer.count("SELECT sold FROM flash_sales WHERE id = '" + saleId + "'"),
      "each batch counted its units once, after the other");
  }

  /** Writer batches blocked on a sale's row lock (the one statement that writes a batch PostgreSQL agrees with). */
  private static long waitingOnSale() {
    return TestServer.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = '"
      + FlashSaleSql.WRITE_BATCH + "'");
  }
}
