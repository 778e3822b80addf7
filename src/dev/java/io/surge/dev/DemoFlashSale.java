package io.surge.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * So a newcomer sees a flash sale at work: unless one is already upcoming or live, schedules one through the admin API
 * on a demo product's first SKU in stock, opening {@code dev.demoFlashSaleMinutes} after start for an hour.
 */
final class DemoFlashSale {

  private static final Logger LOG = LoggerFactory.getLogger(DemoFlashSale.class);
  private static final int UNITS = 20;

  private DemoFlashSale() {
  }

  static Future<Void> schedule(Vertx vertx, JsonObject config) {
    DevSettings dev = DevSettings.from(config);
    if (dev.demoProducts() <= 0 || dev.demoFlashSaleMinutes() <= 0) {
      return Future.succeededFuture();
    }
    int port = config.getJsonObject("http").getInteger("port");
    WebClient http = WebClient.create(vertx);
    return http.get(port, "127.0.0.1", "/api/v1/flash-sales").send()
      .compose(sales -> sales.bodyAsJsonObject().getJsonArray("items", new JsonArray()).isEmpty()
        ? create(http, port, dev) : Future.succeededFuture())
      .onFailure(e -> LOG.warn("demo flash sale not scheduled: {}", e.getMessage()))
      .eventually(() -> {
        http.close();
        return Future.succeededFuture();
      })
      .mapEmpty();
  }

  private static Future<Void> create(WebClient http, int port, DevSettings dev) {
    Future<String> token = http.post(port, "127.0.0.1", "/api/v1/auth/token")
      .sendJsonObject(new JsonObject().put("email", dev.adminEmail()).put("password", dev.adminPassword()))
      .map(response -> response.bodyAsJsonObject().getString("access_token"));
    Future<JsonObject> sku = http.get(port, "127.0.0.1", "/api/v1/products?limit=20&sort=price_desc").send()
      .compose(list -> firstSkuInStock(http, port, list.bodyAsJsonObject().getJsonArray("items"), 0));
    return Future.all(token, sku).compose(both -> {
      if (sku.result() == null) {
        return Future.succeededFuture();
      }
      JsonObject chosen = sku.result();
      long price = chosen.getJsonObject("price").getLong("amount");
      Instant opens = Instant.now().plusSeconds(60L * dev.demoFlashSaleMinutes());
      JsonObject sale = new JsonObject().put("sku_id", chosen.getString("id"))
        .put("sale_amount", Math.max(100, price / 2 / 100 * 100 - 1))
        .put("quantity", Math.min(UNITS, chosen.getInteger("available"))).put("per_user_limit", 1)
        .put("payment_window_minutes", 15).put("starts_at", opens.toString())
        .put("ends_at", opens.plusSeconds(3600).toString());
      return http.post(port, "127.0.0.1", "/api/v1/admin/flash-sales").bearerTokenAuthentication(token.result())
        .sendJsonObject(sale).map(DemoFlashSale::logged);
    });
  }

  private static Void logged(HttpResponse<Buffer> response) {
    if (response.statusCode() == 201) {
      LOG.info("demo flash sale opens at {}: /shop/#/flash/{}", response.bodyAsJsonObject().getString("starts_at"),
        response.bodyAsJsonObject().getString("id"));
    } else {
      LOG.warn("demo flash sale refused: {} {}", response.statusCode(), response.bodyAsString());
    }
    return null;
  }

  /** The first listed product with a SKU holding at least the sale's units. */
  private static Future<JsonObject> firstSkuInStock(WebClient http, int port, JsonArray products, int index) {
    if (products == null || index >= products.size()) {
      return Future.succeededFuture(null);
    }
    String slug = products.getJsonObject(index).getString("slug");
    return http.get(port, "127.0.0.1", "/api/v1/products/" + slug).send().compose(response -> {
      for (Object sku : response.bodyAsJsonObject().getJsonArray("skus", new JsonArray())) {
        JsonObject candidate = (JsonObject) sku;
        if (candidate.getInteger("available", 0) >= UNITS && candidate.getJsonObject("price") != null) {
          return Future.succeededFuture(candidate);
        }
      }
      return firstSkuInStock(http, port, products, index + 1);
    });
  }
}
