package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class FlashSaleTest {

  private Api api;
  private FlashSaleFixtures sales;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
  }

  @Test
  @DisplayName("a sale reserves its units from the SKU; a purchase answers 202 with an order pending payment at the sale price")
  void purchase() {
    JsonObject sale = sales.liveSale("FS-BASIC", 10, 2);
    String saleId = sale.getString("id");
    assertEquals(10, TestServer.count("SELECT reserved FROM skus WHERE code = 'FS-BASIC'"),
      "stock and sale never sell one unit twice");
    assertEquals("live", api.get("/api/v1/flash-sales/" + saleId, null).json().getString("state"));
    JsonObject listed = api.get("/api/v1/flash-sales", null).json().getJsonArray("items").getJsonObject(0);
    assertEquals(1, api.get("/api/v1/flash-sales", null).json().getJsonArray("items").size());
    assertEquals("fs-basic-product", listed.getJsonObject("product").getString("slug"),
      "the public list shows which product is on sale");
    assertEquals("Product FS-BASIC", listed.getJsonObject("product").getString("title"));
    assertTrue(listed.getJsonObject("product").containsKey("image_url"), "its image (null: none uploaded)");

    String token = api.customerToken();
    Reply bought = Wait.forResult(sales.buy(token, saleId, "fs-key-1"));
    assertEquals(202, bought.status(), bought::toString);
    String orderId = bought.json().getString("order_id");
    assertNotNull(bought.json().getString("purchase_id"));

    JsonObject order = api.get("/api/v1/orders/" + orderId, token).json();
    assertEquals("pending_payment", order.getString("status"));
    assertEquals("flash_sale", order.getString("source"));
    assertEquals(4900, order.getJsonObject("total").getLong("amount"));

    Reply replay = Wait.forResult(sales.buy(token, saleId, "fs-key-1"));
    assertEquals(202, replay.status());
    assertEquals(bought.json(), replay.json(), "a replayed key gets the same answer");
    assertEquals("true", replay.header("Idempotent-Replayed"), "marked as a replay, like a checkout's");
    assertNull(bought.header("Idempotent-Replayed"), "the first answer is not a replay");
    JsonObject status = api.get(bought.json().getString("status_url"), token).json();
    assertEquals("ordered", status.getString("status"));
    assertEquals(9, api.get("/api/v1/flash-sales/" + saleId, null).json().getInteger("remaining"));

    assertEquals(202, Wait.forResult(sales.buy(token, saleId, "fs-key-2")).status());
    Reply third = Wait.forResult(sales.buy(token, saleId, "fs-key-3"));
    assertEquals(409, third.status(), "per-user limit of 2: a conflict, not a 429 that clients retry");
    assertEquals("purchase_limit", third.code());
    assertEquals(404, api.get(bought.json().getString("status_url"), api.customerToken()).status(),
      "another buyer sees nothing");
  }

  @Test
  @DisplayName("PostgreSQL overrules a gate that disagrees with it: a key already written answers its purchase, units "
    + "PostgreSQL no longer has answer 410, and nothing is written twice")
  void postgresOverrulesTheGate() {
    // The writer bets on the gate's decisions (one round trip per batch) and falls back to deciding each purchase when
    // PostgreSQL's committed truth disagrees: here the two are made to disagree behind the gate's back.
    // a limit of 3: the buyer stays within it below, so the key already written is what the batch meets (the
    // purchases' unique index), not the limit
    String saleId = sales.liveSale("FS-GUARD", 5, 3).getString("id");
    String token = api.customerToken();
    double atOnce = writerBatches("at_once");
    double oneByOne = writerBatches("one_by_one");
    Reply first = Wait.forResult(sales.buy(token, saleId, "guard-1"));
    assertEquals(202, first.status(), first::toString);
    assertEquals(atOnce + 1, writerBatches("at_once"), "gate and PostgreSQL agree: one round trip");
    UUID buyer = Wait.forResult(TestServer.db().preparedQuery("SELECT user_id FROM flash_purchases WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(first.json().getString("purchase_id"))))).iterator().next().getUUID(0);

    // a purchase PostgreSQL holds, with its order, and the gate never saw (as after a gate rebuilt from a lagging
    // read): the same key names the same ids, so a writer that wrote the order before checking would meet it
    UUID heldPurchase = PurchaseIds.purchase(UUID.fromString(saleId), buyer.toString(), "guard-2");
    UUID heldOrder = PurchaseIds.order(UUID.fromString(saleId), buyer.toString(), "guard-2");
    Wait.forResult(TestServer.db().preparedQuery("INSERT INTO orders (id, user_id, status, source, currency, "
      + "subtotal_amount, shipping_amount, total_amount, item_count, shipping_address, payment_deadline) "
      + "VALUES ($1, $2, 'pending_payment', 'flash_sale', 'EUR', 100, 0, 100, 1, '{}', now() + interval '15 minutes')")
      .execute(Tuple.of(heldOrder, buyer)));
    Wait.forResult(TestServer.db().preparedQuery("INSERT INTO flash_purchases (id, sale_id, user_id, idempotency_key, "
      + "quantity, order_id) VALUES ($1, $2, $3, 'guard-2', 1, $4)")
      .execute(Tuple.of(heldPurchase, UUID.fromString(saleId), buyer, heldOrder)));
    Reply replayed = Wait.forResult(sales.buy(token, saleId, "guard-2"));
    assertEquals(202, replayed.status(), replayed::toString);
    assertEquals(heldPurchase.toString(), replayed.json().getString("purchase_id"), "the purchase PostgreSQL holds");
    assertEquals(heldOrder.toString(), replayed.json().getString("order_id"));
    assertEquals("true", replayed.header("Idempotent-Replayed"));

    // every unit gone in PostgreSQL while the gate still counts 4 left
    Wait.forResult(TestServer.db().preparedQuery("UPDATE flash_sales SET sold = quantity WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(saleId))));
    Reply refused = Wait.forResult(sales.buy(api.customerToken(), saleId, "guard-3"));
    assertEquals(410, refused.status(), refused::toString);

    assertEquals(2, TestServer.count("SELECT count(*) FROM flash_purchases WHERE sale_id = '" + saleId + "'"),
      "the first purchase and the one PostgreSQL held: nothing written for the replay or the refusal");
    TestServer.awaitOrdersWrittenOut();
    assertEquals(2, TestServer.count("SELECT count(*) FROM orders WHERE source = 'flash_sale'"),
      "the first purchase's order and the one PostgreSQL held");
    assertEquals(oneByOne + 2, writerBatches("one_by_one"), "each disagreement decided purchase by purchase");
  }

  /** The writer's batches so far, as /metrics counts them. */
  private static double writerBatches(String decided) {
    String metrics = TestServer.metrics();
    Matcher m = Pattern.compile("surge_flash_writer_batches_total\\{decided=\"" + decided + "\"[^}]*} ([0-9.E]+)")
      .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  @DisplayName("scheduling a sale takes its units off the product page at once; cancelling it puts them back")
  void productPageFollowsTheSale() {
    String skuId = sales.sku("FS-PAGE", 10);
    assertEquals(10, available("fs-page-product"), "the page is read (and cached) before the sale");

    String saleId = api.post("/api/v1/admin/flash-sales", sales.admin,
      new JsonObject().put("sku_id", skuId).put("sale_amount", 50)
        .put("quantity", 4).put("starts_at", Instant.now().plusSeconds(60).toString())
        .put("ends_at", Instant.now().plusSeconds(120).toString()))
      .json().getString("id");
    assertEquals(6, available("fs-page-product"), "the sale's units are no longer for sale on the page");
    assertEquals(200, api.post("/api/v1/admin/flash-sales/" + saleId + "/cancel", sales.admin, null).status());
    assertEquals(10, available("fs-page-product"));
  }

  private int available(String slug) {
    return api.get("/api/v1/products/" + slug, null).json().getJsonArray("skus").getJsonObject(0)
      .getInteger("available");
  }

  @Test
  @DisplayName("sold out answers 410; a sale not started answers 409; customers cannot create sales")
  void soldOutAndGuards() {
    String saleId = sales.liveSale("FS-TINY", 1, 1).getString("id");
    assertEquals(202, Wait.forResult(sales.buy(api.customerToken(), saleId, "a")).status());
    Reply gone = Wait.forResult(sales.buy(api.customerToken(), saleId, "b"));
    assertEquals(410, gone.status());
    assertEquals("sold_out", gone.code());
    assertEquals("sold_out", api.get("/api/v1/flash-sales/" + saleId, null).json().getString("state"));

    JsonObject valid = new JsonObject().put("sku_id", UUID.randomUUID().toString()).put("sale_amount", 1)
      .put("quantity", 1)
      .put("starts_at", Instant.now().toString()).put("ends_at", Instant.now().plusSeconds(60).toString());
    assertEquals(403, api.post("/api/v1/admin/flash-sales", api.customerToken(), valid).status());
  }

  @Test
  @DisplayName("an unpaid flash-sale order expires and its unit is sold again to a later buyer")
  void expiredUnitsAreResold() {
    String saleId = sales.liveSale("FS-EXPIRE", 1, 1).getString("id");
    Reply first = Wait.forResult(sales.buy(api.customerToken(), saleId, "first"));
    assertEquals(202, first.status());
    assertEquals(410, Wait.forResult(sales.buy(api.customerToken(), saleId, "early")).status());

    TestServer.awaitOrdersWrittenOut();
    Wait.forResult(
      TestServer.db().preparedQuery("UPDATE orders SET payment_deadline = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(first.json().getString("order_id")))));
    String later = api.customerToken();
    Wait.until("a later buyer to get the expired unit", Duration.ofSeconds(10), Duration.ofMillis(200),
      () -> Wait.forResult(sales.buy(later, saleId, "later-" + System.nanoTime())), reply -> reply.status() == 202);
    assertEquals(1, TestServer.count("SELECT count(*) FROM flash_purchases WHERE status = 'ordered'"));
    assertEquals(1, TestServer.count("SELECT sold FROM flash_sales"));
    assertEquals("cancelled", api.get("/api/v1/admin/orders/" + first.json().getString("order_id"), sales.admin)
      .json().getString("status"));
    assertEquals(1, TestServer.count("SELECT reserved FROM skus WHERE code = 'FS-EXPIRE'"),
      "the sale keeps its unit reserved");
  }

  @Test
  @DisplayName("before its start a sale can be changed (If-Match; the SKU reservation follows) but not bought; cancelling returns its units")
  void scheduledAndCancelled() {
    Reply product = api.post("/api/v1/admin/products", sales.admin,
      new JsonObject().put("slug", "fs-later").put("title", "Later")
        .put("status", "active")
        .put("skus", new io.vertx.core.json.JsonArray().add(new JsonObject().put("code", "FS-LATER")
          .put("price_amount", 100).put("currency", "EUR").put("on_hand", 5))));
    String skuId = product.json().getJsonArray("admin_skus").getJsonObject(0).getString("id");
    Reply otherCurrency = api.post("/api/v1/admin/flash-sales", sales.admin,
      new JsonObject().put("sku_id", skuId).put("sale_price", new JsonObject().put("amount", 50).put("currency", "USD"))
        .put("quantity", 1).put("starts_at", Instant.now().plusSeconds(60).toString())
        .put("ends_at", Instant.now().plusSeconds(120).toString()));
    assertEquals(400, otherCurrency.status(), "a sale is priced in its SKU's currency: " + otherCurrency);
    assertEquals("/sale_price/currency",
      otherCurrency.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    Reply tooMany = api.post("/api/v1/admin/flash-sales", sales.admin,
      new JsonObject().put("sku_id", skuId).put("sale_amount", 50)
        .put("quantity", 6).put("starts_at", Instant.now().plusSeconds(60).toString())
        .put("ends_at", Instant.now().plusSeconds(120).toString()));
    assertEquals(409, tooMany.status(), "more than the SKU has");
    Reply scheduled = api.post("/api/v1/admin/flash-sales", sales.admin,
      new JsonObject().put("sku_id", skuId).put("sale_price", new JsonObject().put("amount", 50).put("currency", "EUR"))
        .put("quantity", 3).put("starts_at", Instant.now().plusSeconds(60).toString())
        .put("ends_at", Instant.now().plusSeconds(120).toString()));
    assertEquals(201, scheduled.status(), scheduled::toString);
    assertEquals(new JsonObject().put("amount", 50).put("currency", "EUR"),
      scheduled.json().getJsonObject("sale_price"),
      "sent as sale_price, answered as sale_price");
    String saleId = scheduled.json().getString("id");
    assertEquals("scheduled", api.get("/api/v1/flash-sales/" + saleId, null).json().getString("state"));
    Reply early = Wait.forResult(sales.buy(api.customerToken(), saleId, "early"));
    assertEquals(409, early.status());
    assertEquals("not_started", early.code());

    String path = "/api/v1/admin/flash-sales/" + saleId;
    Reply read = api.get(path, sales.admin);
    Reply bigger = api.call(io.vertx.core.http.HttpMethod.PATCH, path).bearer(sales.admin)
      .header("If-Match", read.header("ETag"))
      .send(new JsonObject().put("quantity", 5).put("sale_amount", 40));
    assertEquals(200, bigger.status(), bigger::toString);
    assertEquals(5, TestServer.count("SELECT reserved FROM skus WHERE code = 'FS-LATER'"),
      "the reservation follows the quantity");
    Reply stale = api.call(io.vertx.core.http.HttpMethod.PATCH, path).bearer(sales.admin)
      .header("If-Match", read.header("ETag"))
      .send(new JsonObject().put("quantity", 2));
    assertEquals(412, stale.status());
    Reply tooBig = api.call(io.vertx.core.http.HttpMethod.PATCH, path).bearer(sales.admin)
      .send(new JsonObject().put("quantity", 6));
    assertEquals(409, tooBig.status(), "more than the SKU has");

    Reply cancelled = api.post("/api/v1/admin/flash-sales/" + saleId + "/cancel", sales.admin, null);
    assertEquals(200, cancelled.status());
    assertEquals("cancelled", cancelled.json().getString("state"));
    assertEquals("cancelled", api.get("/api/v1/flash-sales/" + saleId, null).json().getString("state"),
      "a cancelled sale reads cancelled, not ended");
    assertEquals(0, TestServer.count("SELECT reserved FROM skus WHERE code = 'FS-LATER'"));
  }

  @Test
  @DisplayName("a flash-sale order has no address until its buyer gives one: shipping it before is 409, after it ships; nobody else may set it")
  void addressBeforeShipping() {
    JsonObject sale = sales.liveSale("FS-ADDR", 5, 1);
    String token = api.customerToken();
    Reply bought = Wait.forResult(sales.buy(token, sale.getString("id"), "fs-addr-1"));
    assertEquals(202, bought.status(), bought::toString);
    String orderId = bought.json().getString("order_id");
    String orderUrl = "/api/v1/orders/" + orderId;
    assertEquals(new JsonObject(), api.get(orderUrl, token).json().getJsonObject("shipping_address"));
    assertEquals("paid", api.post("/api/v1/admin/orders/" + orderId + "/mark-paid", sales.admin, null).json()
      .getString("status"));

    JsonObject shipment = new JsonObject().put("carrier", "DHL").put("tracking_number", "FS-1");
    Reply early = api.post("/api/v1/admin/orders/" + orderId + "/ship", sales.admin, shipment);
    assertEquals(409, early.status(), early::toString);
    assertEquals("shipping_address_missing", early.code());

    JsonObject address = new JsonObject().put("shipping_address", ShopFixture.ADDRESS);
    assertEquals(404, api.call(HttpMethod.PUT, orderUrl + "/shipping-address").bearer(api.customerToken())
      .send(address).status(), "another customer's order is not found");
    Reply set = api.call(HttpMethod.PUT, orderUrl + "/shipping-address").bearer(token).send(address);
    assertEquals(200, set.status(), set::toString);
    assertEquals(ShopFixture.ADDRESS.getString("city"), set.json().getJsonObject("shipping_address").getString("city"));

    assertEquals("shipped", api.post("/api/v1/admin/orders/" + orderId + "/ship", sales.admin, shipment).json()
      .getString("status"));
    Reply late = api.call(HttpMethod.PUT, orderUrl + "/shipping-address").bearer(token).send(address);
    assertEquals(409, late.status(), "a shipped order's address no longer changes");
  }
}
