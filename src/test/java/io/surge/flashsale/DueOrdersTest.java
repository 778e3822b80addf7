package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flash sale's batch makes each purchase durable with its purchase row and a due order; the orders domain writes
 * the order out a moment later. Here the batch is played by hand (the rows it commits), so the order is still due
 * when the buyer comes: reading, paying and cancelling it must each find it, written out once.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class DueOrdersTest {

  private Api api;
  private FlashSaleFixtures sales;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
  }

  @Test
  @DisplayName("an order still due is written out, once, when its buyer reads it, pays for it or cancels it")
  void writtenOutOnDemand() {
    String saleId = sales.liveSale("FS-DUE", 10, 3).getString("id");
    String token = api.customerToken();
    UUID buyer = Api.subject(token);

    UUID read = accepted(saleId, buyer, "read", OffsetDateTime.now());
    JsonObject purchase = api.get("/api/v1/flash-sales/" + saleId + "/purchases/" + purchaseOf(read), token).json();
    assertEquals("pending_payment", purchase.getString("order_status"), "a due order is pending payment");
    assertTrue(OffsetDateTime.parse(purchase.getString("payment_deadline")).isAfter(OffsetDateTime.now()),
      purchase::encode);
    assertEquals(404, api.get("/api/v1/orders/" + read, api.customerToken()).status(), "another buyer sees nothing");
    Reply order = api.get("/api/v1/orders/" + read, token);
    assertEquals(200, order.status(), order::toString);
    assertEquals("pending_payment", order.json().getString("status"));
    assertEquals("flash_sale", order.json().getString("source"));
    assertEquals(4900, order.json().getJsonObject("total").getLong("amount"));
    assertEquals("FS-DUE", order.json().getJsonArray("lines").getJsonObject(0).getString("sku_code"));
    assertEquals(1, order.json().getJsonArray("history").size());
    assertEquals(order.json(), api.get("/api/v1/orders/" + read, token).json(), "read again, the same order");

    UUID paid = accepted(saleId, buyer, "pay", OffsetDateTime.now());
    Reply payment = api.call(HttpMethod.POST, "/api/v1/orders/" + paid + "/payments").bearer(token)
      .header("Idempotency-Key", "pay-" + paid).send();
    assertEquals(201, payment.status(), payment::toString);
    assertEquals(4900, payment.json().getJsonObject("amount").getLong("amount"));

    UUID cancelled = accepted(saleId, buyer, "cancel", OffsetDateTime.now());
    Reply cancel = api.post("/api/v1/orders/" + cancelled + "/cancel", token, new JsonObject());
    assertEquals(200, cancel.status(), cancel::toString);
    assertEquals("cancelled", cancel.json().getString("status"));
    assertEquals(2, TestServer.count("SELECT sold FROM flash_sales WHERE id = '" + saleId + "'"),
      "the cancelled order's unit went back to the sale");

    TestServer.awaitOrdersWrittenOut();
    for (UUID id : new UUID[] {read, paid, cancelled}) {
      assertEquals(1, TestServer.count("SELECT count(*) FROM orders WHERE id = '" + id + "'"));
      assertEquals(1, TestServer.count("SELECT count(*) FROM order_lines WHERE order_id = '" + id + "'"));
      assertEquals(1, TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + id
        + "' AND type = 'order.created'"), "one order.created event");
    }
  }

  @Test
  @DisplayName("a buyer's own order list, a ticket about an order and the data export each find an order still due")
  void foundWhereTheBuyerLooks() {
    String saleId = sales.liveSale("FS-DUE-LIST", 10, 3).getString("id");
    String token = api.customerToken();
    UUID buyer = Api.subject(token);
    String otherToken = api.customerToken();
    UUID otherBuyer = Api.subject(otherToken);

    UUID listed = accepted(saleId, buyer, "list", OffsetDateTime.now());
    long madeDue = System.nanoTime();
    UUID others = accepted(saleId, otherBuyer, "other", OffsetDateTime.now());
    Reply mine = api.get("/api/v1/orders", token);
    assertEquals(200, mine.status(), mine::toString);
    assertEquals(1, mine.json().getJsonArray("items").size(), mine::toString);
    assertEquals(listed.toString(), mine.json().getJsonArray("items").getJsonObject(0).getString("id"));
    long dueFor = Duration.ofNanos(System.nanoTime() - madeDue).toMillis();
    if (dueFor < 1_500) { // later, the sweep (rows 2 s old) may have written the other one out on its own
      assertEquals(1, TestServer.count("SELECT count(*) FROM orders_due WHERE '" + others + "' = ANY(order_ids)"),
        "only this buyer's due orders were written out: the other buyer's is still due");
    }

    UUID asked = accepted(saleId, buyer, "ticket", OffsetDateTime.now());
    Reply ticket = api.post("/api/v1/support/tickets", token, new JsonObject().put("subject", "Flash sale order")
      .put("body", "Can I still change the size?").put("category", "order").put("order_id", asked.toString()));
    assertEquals(201, ticket.status(), ticket::toString);
    Reply notMine = api.post("/api/v1/support/tickets", token, new JsonObject().put("subject", "Someone else's")
      .put("body", "Is this mine?").put("category", "order").put("order_id", others.toString()));
    assertEquals(422, notMine.status(), "another buyer's order, due or not, is not this buyer's: " + notMine);

    UUID exported = accepted(saleId, buyer, "export", OffsetDateTime.now());
    Reply export = api.get("/api/v1/me/export", token);
    assertEquals(200, export.status(), export::toString);
    List<String> ids = new ArrayList<>();
    export.json().getJsonArray("orders").forEach(order -> ids.add(((JsonObject) order).getString("id")));
    assertTrue(ids.containsAll(List.of(listed.toString(), asked.toString(), exported.toString())), ids::toString);
    for (UUID id : new UUID[] {listed, asked, exported}) {
      assertEquals(1, TestServer.count("SELECT count(*) FROM orders WHERE id = '" + id + "'"), "written out once");
    }
  }

  @Test
  @DisplayName("a due order nobody was told about (its process died after the batch committed) is written out by the "
    + "sweep, dated when its buyer heard 202")
  void sweptAfterACrash() {
    String saleId = sales.liveSale("FS-SWEPT", 10, 1).getString("id");
    String token = api.customerToken();
    OffsetDateTime heard = OffsetDateTime.now().minusMinutes(1).withNano(0);
    UUID orderId = accepted(saleId, Api.subject(token), "swept", heard);

    Wait.until("the sweep to write the order out", Duration.ofSeconds(30),
      () -> TestServer.count("SELECT count(*) FROM orders WHERE id = '" + orderId + "'"), n -> n == 1);
    Row order = Wait.forResult(TestServer.db().preparedQuery(
      "SELECT o.created_at, o.payment_deadline, h.at, e.data FROM orders o JOIN order_history h ON h.order_id = o.id "
        + "JOIN outbox e ON e.aggregate_id = o.id AND e.type = 'order.created' WHERE o.id = $1")
      .execute(Tuple.of(orderId))).iterator().next();
    assertEquals(heard.toInstant(), order.getOffsetDateTime("created_at").toInstant(), "dated at the 202");
    assertEquals(heard.toInstant(), order.getOffsetDateTime("at").toInstant(), "pending payment since the 202");
    assertEquals(heard.plusMinutes(15).toInstant(), order.getOffsetDateTime("payment_deadline").toInstant(),
      "the deadline the buyer was given");
    JsonObject event = new JsonObject(order.getValue("data").toString());
    assertEquals(saleId, event.getString("flash_sale_id"));
    assertEquals("FS-SWEPT", event.getJsonArray("lines").getJsonObject(0).getString("sku_code"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM orders_due"));
  }

  @Test
  @DisplayName("a buyer reading a due order from many requests at once, and paying for it meanwhile, gets one order, "
    + "one line, one event")
  void writtenOutOnceUnderConcurrentReads() {
    String saleId = sales.liveSale("FS-DUE-RACE", 10, 1).getString("id");
    String token = api.customerToken();
    UUID orderId = accepted(saleId, Api.subject(token), "race", OffsetDateTime.now());

    List<Future<Reply>> reads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      reads.add(api.call(HttpMethod.GET, "/api/v1/orders/" + orderId).bearer(token).sendAsync(null, null));
      if (i == 8) {
        reads.add(api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
          .header("Idempotency-Key", "race-pay").sendAsync(null, null));
      }
    }
    Wait.forResult(Future.all(reads));
    for (Future<Reply> read : reads) {
      assertTrue(read.result().status() == 200 || read.result().status() == 201, read.result()::toString);
    }
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders WHERE id = '" + orderId + "'"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM order_lines WHERE order_id = '" + orderId + "'"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM order_history WHERE order_id = '" + orderId + "'"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + orderId
      + "' AND type = 'order.created'"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM orders_due"));
  }

  /**
   * What a committed batch leaves for one purchase: its purchase row, the sale's unit and the due order, with nobody
   * told to write it out. Yields the order id (the purchase id is {@link #purchaseOf}).
   */
  private static UUID accepted(String saleId, UUID buyer, String key, OffsetDateTime heard) {
    UUID orderId = UUID.randomUUID();
    UUID sale = UUID.fromString(saleId);
    Wait.forResult(TestServer.db().withTransaction(tx -> tx.preparedQuery(
      "INSERT INTO flash_purchases (id, sale_id, user_id, idempotency_key, quantity, order_id, created_at) "
        + "VALUES ($1, $2, $3, $4, 1, $5, $6)")
      .execute(Tuple.of(purchaseOf(orderId), sale, buyer, key, orderId, heard))
      .compose(v -> tx.preparedQuery("UPDATE flash_sales SET sold = sold + 1 WHERE id = $1").execute(Tuple.of(sale)))
      .compose(v -> tx.preparedQuery("INSERT INTO orders_due (id, order_ids, user_ids, quantities, flash_sale_id, "
        + "sku_id, unit_amount, currency, payment_deadline, topic, due_at) SELECT gen_random_uuid(), ARRAY[$1::uuid], "
        + "ARRAY[$2::uuid], ARRAY[1], id, sku_id, sale_amount, currency, "
        + "$3::timestamptz + make_interval(mins => payment_window_minutes), 'surge.orders', $3 FROM flash_sales "
        + "WHERE id = $4").execute(Tuple.of(orderId, buyer, heard, sale)))));
    return orderId;
  }

  /** Each hand-made purchase's id, derived from its order's. */
  private static UUID purchaseOf(UUID orderId) {
    return UUID.nameUUIDFromBytes(("purchase " + orderId).getBytes(StandardCharsets.UTF_8));
  }
}
