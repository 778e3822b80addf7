package io.surge.observability;

import io.surge.flashsale.FlashSaleMeters;
import io.surge.payments.WebhookSignature;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.PrometheusText;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class MetricsTest {

  /** Every business metric the operations section of the README promises (sample names as scraped). */
  static final List<String> BUSINESS = List.of("surge_flash_purchases_total", "surge_flash_units_left",
    "surge_flash_purchases_pending", "surge_flash_writer_batch_size_bucket", "surge_flash_writer_commit_seconds_bucket",
    "surge_checkouts_total", "surge_order_transitions_total", "surge_payments_total", "surge_refunds_total",
    "surge_payment_webhooks_total", "surge_payment_provider_seconds_bucket", "surge_outbox_lag_seconds",
    "surge_outbox_published_total", "surge_kafka_send_seconds_bucket", "cache_gets_total", "surge_chat_connections",
    "surge_chat_messages_total", "surge_chat_queue_length", "surge_chat_assignment_wait_seconds_count",
    "surge_login_failures_total", "surge_login_throttled_total");

  private Api api;
  private ShopFixture shop;
  private WebClient web;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api, vertx);
    web = WebClient.create(vertx);
  }

  /** What Prometheus would scrape, parsed strictly. */
  static PrometheusText scrape() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(TestServer.managementUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      return PrometheusText.parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("after a flash sale, a checkout, a payment, a bad webhook and a failed login, /metrics parses and shows each"
    + " business metric with the right counts, the same numbers the in-process reader gives")
  void businessMetrics() {
    JsonObject sale = liveSale("OBS-FS", 2, 1);
    String saleId = sale.getString("id");
    String first = api.customerToken();
    String second = api.customerToken();
    assertEquals(202, buy(first, saleId, "k1").status());
    assertEquals(202, buy(first, saleId, "k1").status(), "replay");
    assertEquals(409, buy(first, saleId, "k2").status(), "limit 1: 409 purchase_limit");
    assertEquals(202, buy(second, saleId, "k1").status());
    assertEquals(410, buy(api.customerToken(), saleId, "k1").status(), "sold out");

    String sku = shop.sku("OBS-1", 1500, 5);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    assertEquals(409, shop.checkout(token, "empty-cart").status(), "an empty cart is refused");
    Reply payment = api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
      .header("Idempotency-Key", "obs-pay").send();
    assertEquals(201, payment.status(), payment::toString);
    sandbox("/sandbox/intents/" + payment.json().getString("provider_payment_id") + "/succeed");
    Wait.until("the order to be paid", Duration.ofSeconds(20),
      () -> api.get("/api/v1/orders/" + orderId, token).json(), order -> "paid".equals(order.getString("status")));
    Reply forged = api.call(HttpMethod.POST, "/api/v1/webhooks/payments")
      .header(WebhookSignature.HEADER, "t=1,v1=00").sendRaw(Buffer.buffer("{\"id\":\"evt\"}"));
    assertEquals(400, forged.status());
    assertEquals(401, api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "nobody@example.com").put("password", "wrong-password-1")).status());
    String productId = shop.product("OBS-2", 100, 1).getString("id");
    api.get("/api/v1/products/" + productId, null);
    api.get("/api/v1/products/" + productId, null);

    PrometheusText metrics = Wait.until("the payment and outbox meters", Duration.ofSeconds(10), MetricsTest::scrape,
      m -> m.sum("surge_payments_total", Map.of("status", "succeeded")) >= 1
        && m.sum("surge_outbox_published_total", Map.of()) >= 1);
    for (String name : BUSINESS) {
      assertFalse(metrics.samples(name).isEmpty(), name + " is on /metrics");
    }
    assertEquals(2, metrics.sum("surge_flash_purchases_total", Map.of("sale", saleId, "outcome", "accepted")));
    assertEquals(1, metrics.sum("surge_flash_purchases_total", Map.of("sale", saleId, "outcome", "replay")));
    assertEquals(1, metrics.sum("surge_flash_purchases_total", Map.of("sale", saleId, "outcome", "limit")));
    assertEquals(1, metrics.sum("surge_flash_purchases_total", Map.of("sale", saleId, "outcome", "sold_out")));
    assertEquals(0, metrics.sum("surge_flash_units_left", Map.of("sale", saleId)));
    FlashSaleMeters.SaleNumbers numbers = FlashSaleMeters.get().numbers(UUID.fromString(saleId));
    assertEquals(2, numbers.outcomes().get(FlashSaleMeters.Outcome.ACCEPTED), "the in-process reader agrees");
    assertEquals(0, numbers.unitsLeft());
    assertTrue(metrics.sum("surge_flash_writer_batch_size_count", Map.of()) >= 1);
    assertTrue(metrics.sum("surge_checkouts_total", Map.of("outcome", "placed")) >= 1);
    assertTrue(metrics.sum("surge_checkouts_total", Map.of("outcome", "rejected")) >= 1);
    assertTrue(metrics.sum("surge_order_transitions_total", Map.of("transition", "pay")) >= 1);
    assertTrue(metrics.sum("surge_payment_webhooks_total", Map.of("outcome", "accepted")) >= 1);
    assertTrue(metrics.sum("surge_payment_webhooks_total", Map.of("outcome", "bad_signature")) >= 1);
    assertTrue(metrics.sum("surge_payment_provider_seconds_count", Map.of("operation", "create_intent")) >= 1);
    assertTrue(metrics.sum("surge_login_failures_total", Map.of()) >= 1);
    assertTrue(metrics.sum("cache_gets_total", Map.of("cache", "catalog", "result", "hit")) >= 1);
  }

  @Test
  @DisplayName("HTTP, PostgreSQL and Redis latencies are histograms with the SLO buckets; HTTP per route template")
  void latencyHistograms() {
    JsonObject sale = liveSale("OBS-H", 5, 5);
    String token = api.customerToken();
    assertEquals(202, buy(token, sale.getString("id"), "h1").status());
    PrometheusText metrics = scrape();
    List<PrometheusText.Sample> purchases = metrics.samples("vertx_http_server_response_time_seconds_bucket").stream()
      .filter(s -> "/api/v1/flash-sales/:id/purchases".equals(s.labels().get("route"))).toList();
    assertFalse(purchases.isEmpty(), "the purchase route is labelled by its template");
    assertTrue(purchases.stream().anyMatch(s -> "0.25".equals(s.labels().get("le"))), "a 250 ms bucket for the SLO");
    assertFalse(metrics.samples("vertx_sql_processing_time_seconds_bucket").isEmpty(), "PostgreSQL");
    assertFalse(metrics.samples("vertx_redis_processing_time_seconds_bucket").isEmpty(), "Redis");
    metrics.families().values().forEach(family -> family.samples().forEach(sample -> {
      String route = sample.labels().get("route");
      assertTrue(route == null || !route.contains(sale.getString("id")), "no raw path as a route: " + sample);
    }));
  }

  @Test
  @DisplayName("no label grows with ids or paths: 1 000 distinct product ids, unknown paths and sale ids add no series")
  void boundedCardinality() {
    String token = api.customerToken();
    fire(20, i -> "/api/v1/products/" + UUID.randomUUID(), null);
    fire(20, i -> "/api/v1/nothing-here/" + i, null);
    fire(20, i -> "/api/v1/flash-sales/" + UUID.randomUUID() + "/purchases", token);
    PrometheusText before = scrape();
    fire(1000, i -> "/api/v1/products/" + UUID.randomUUID(), null);
    fire(1000, i -> "/api/v1/nothing-here/" + UUID.randomUUID(), null);
    fire(1000, i -> "/api/v1/flash-sales/" + UUID.randomUUID() + "/purchases", token);
    PrometheusText after = scrape();
    int total = 0;
    for (PrometheusText.Family family : after.families().values()) {
      PrometheusText.Family earlier = before.families().get(family.name());
      int grown = family.samples().size() - (earlier == null ? 0 : earlier.samples().size());
      assertTrue(grown < 50, family.name() + " grew by " + grown + " series");
      total += Math.max(0, grown);
    }
    assertTrue(total < 200, "all series grew by " + total);
  }

  private void fire(int count, IntFunction<String> path, String token) {
    for (int batch = 0; batch < count; batch += 100) {
      List<Future<Reply>> sent = new ArrayList<>();
      for (int i = batch; i < Math.min(count, batch + 100); i++) {
        boolean purchase = token != null;
        Api.Call call = api.call(purchase ? HttpMethod.POST : HttpMethod.GET, path.apply(i));
        if (purchase) {
          call.bearer(token).header("Idempotency-Key", "c" + i);
        }
        sent.add(call.sendAsync(null, null));
      }
      Wait.forResult(Future.all(sent));
    }
  }

  private JsonObject liveSale(String code, int quantity, int perUserLimit) {
    String skuId = shop.sku(code, 9900, quantity * 2);
    Reply sale = api.post("/api/v1/admin/flash-sales", shop.admin(),
      new JsonObject().put("sku_id", skuId).put("sale_amount", 4900)
        .put("quantity", quantity).put("per_user_limit", perUserLimit).put("payment_window_minutes", 15)
        .put("starts_at", Instant.now().minusSeconds(1).toString())
        .put("ends_at", Instant.now().plusSeconds(3600).toString()));
    assertEquals(201, sale.status(), sale::toString);
    assertNotNull(sale.json().getString("id"));
    return sale.json();
  }

  private Reply buy(String token, String saleId, String key) {
    return api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases").bearer(token)
      .header("Idempotency-Key", key).send();
  }

  private void sandbox(String path) {
    JsonObject payments = TestServer.config().getJsonObject("payments");
    Wait.forResult(web.postAbs(payments.getString("baseUrl") + path)
      .putHeader("Authorization", "Bearer " + payments.getString("apiKey")).send());
  }
}
