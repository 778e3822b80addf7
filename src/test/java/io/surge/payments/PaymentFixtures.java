package io.surge.payments;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shop, sandbox provider and webhook helpers for payment tests. The sandbox is driven over its own HTTP
 * API (as a customer on the provider's page or the provider's dashboard would); events are signed with the
 * secret the server was configured with, exactly as the provider signs them.
 */
final class PaymentFixtures {

  /** How long a webhook's effect may take to show (the sandbox retries refused deliveries). */
  static final Duration WEBHOOKS = Duration.ofSeconds(20);

  private final Api api;
  private final ShopFixture shop;
  private final WebClient web;

  PaymentFixtures(Api api, Vertx vertx) {
    this.api = api;
    this.shop = new ShopFixture(api, vertx);
    this.web = WebClient.create(vertx);
    sandbox(HttpMethod.POST, "/sandbox/reset", null);
  }

  String admin() {
    return shop.admin();
  }

  static JsonObject payments() {
    return TestServer.config().getJsonObject("payments");
  }

  /** An active product with one SKU; returns the SKU id. */
  String sku(String code, long price, int stock) {
    return shop.sku(code, price, stock);
  }

  /** Puts {@code quantity} of the SKU in the customer's cart and checks out; returns the order id. */
  String order(String token, String skuId, int quantity) {
    return shop.order(token, skuId, quantity);
  }

  /** Puts {@code quantity} of the SKU in the cart and checks out, whatever the answer. */
  Reply checkout(String token, String skuId, int quantity) {
    shop.addToCart(token, skuId, quantity);
    return shop.checkout(token, UUID.randomUUID().toString());
  }

  Reply pay(String token, String orderId, String key) {
    return api.call(HttpMethod.POST, "/api/v1/orders/" + orderId + "/payments").bearer(token)
      .header("Idempotency-Key", key).send();
  }

  /** A new payment for the order; returns it. */
  JsonObject payment(String token, String orderId) {
    Reply reply = pay(token, orderId, UUID.randomUUID().toString());
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  /** An order the customer has paid through the sandbox, settled in Surge. */
  record PaidOrder(String sku, String token, String orderId, JsonObject payment) {
    String paymentId() {
      return payment.getString("id");
    }
  }

  /** A new SKU ({@code code}, {@code price}, 10 in stock), a new customer's order of {@code quantity}, paid and settled. */
  PaidOrder paidOrder(String code, long price, int quantity) {
    String sku = sku(code, price, 10);
    String token = api.customerToken();
    String orderId = order(token, sku, quantity);
    JsonObject payment = payment(token, orderId);
    customerAtProvider(payment.getString("provider_payment_id"), "succeed");
    awaitPayment(payment.getString("id"), "order_outcome", "paid");
    return new PaidOrder(sku, token, orderId, payment);
  }

  Reply refund(String paymentId, long amount, String key, boolean goodsReturned) {
    return api.call(HttpMethod.POST, "/api/v1/admin/payments/" + paymentId + "/refunds").bearer(shop.admin())
      .header("Idempotency-Key", key)
      .send(
        new JsonObject().put("amount", amount).put("reason", "customer asked").put("goods_returned", goodsReturned));
  }

  JsonObject adminOrder(String orderId) {
    return api.get("/api/v1/admin/orders/" + orderId, shop.admin()).json();
  }

  /** Polls (bounded) until the order is in {@code status}; webhooks arrive asynchronously. */
  JsonObject awaitOrder(String orderId, String status) {
    return Wait.until("order " + orderId + " to be " + status, WEBHOOKS, () -> adminOrder(orderId),
      order -> status.equals(order.getString("status")));
  }

  JsonObject awaitPayment(String paymentId, String field, Object value) {
    return Wait.until("payment " + paymentId + " to have " + field + " = " + value, WEBHOOKS,
      () -> api.get("/api/v1/payments/" + paymentId, shop.admin()).json(),
      payment -> String.valueOf(value).equals(String.valueOf(payment.getValue(field))));
  }

  /** A sandbox control or API call; API calls carry the server's provider key. */
  JsonObject sandbox(HttpMethod method, String path, JsonObject body) {
    Future<HttpResponse<Buffer>> sent = web.requestAbs(method, payments().getString("baseUrl") + path)
      .putHeader("Authorization", "Bearer " + payments().getString("apiKey"))
      .sendBuffer(body == null ? Buffer.buffer() : body.toBuffer());
    HttpResponse<Buffer> response = Wait.forResult(sent);
    return response.body() == null || response.body().length() == 0 ? new JsonObject() : response.bodyAsJsonObject();
  }

  /** The customer finishes (or fails) paying on the provider's side. */
  JsonObject customerAtProvider(String intentId, String outcome) {
    return sandbox(HttpMethod.POST, "/sandbox/intents/" + intentId + "/" + outcome, null);
  }

  /** The refund's end at the provider (a bank refund finishing, failing, or cancelled). */
  JsonObject refundAtProvider(String refundId, String outcome) {
    return sandbox(HttpMethod.POST, "/sandbox/refunds/" + refundId + "/" + outcome, null);
  }

  /** A form-encoded Stripe API call with the server's secret key (the dashboard, another system on the account). */
  HttpResponse<Buffer> stripeForm(String path, MultiMap form, String authorization) {
    return Wait.forResult(web.postAbs(payments().getString("baseUrl") + path)
      .putHeader("Authorization", "Bearer " + (authorization == null ? payments().getString("apiKey") : authorization))
      .sendForm(form));
  }

  JsonObject intent(String intentId) {
    return sandbox(HttpMethod.GET, "/v1/payment_intents/" + intentId, null);
  }

  JsonObject stats() {
    return sandbox(HttpMethod.GET, "/sandbox/stats", null);
  }

  void faults(JsonObject faults) {
    sandbox(HttpMethod.PUT, "/sandbox/faults", faults);
  }

  /** A provider-style event around {@code object}. */
  static Buffer event(String id, String type, JsonObject object) {
    return new JsonObject().put("id", id).put("object", "event").put("type", type)
      .put("created", System.currentTimeMillis() / 1000).put("data", new JsonObject().put("object", object)).toBuffer();
  }

  static String signed(Buffer body) {
    return WebhookSignature.header(payments().getString("webhookSecret"), System.currentTimeMillis() / 1000, body);
  }

  Future<Reply> webhookAsync(Buffer body, String signature) {
    Api.Call call = api.call(HttpMethod.POST, "/api/v1/webhooks/payments");
    if (signature != null) {
      call.header(WebhookSignature.HEADER, signature);
    }
    return call.sendAsync(body, "application/json");
  }

  Reply webhook(Buffer body, String signature) {
    return Wait.forResult(webhookAsync(body, signature));
  }

  static long count(String sql, Object... params) {
    return Wait.forResult(TestServer.db().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }
}
