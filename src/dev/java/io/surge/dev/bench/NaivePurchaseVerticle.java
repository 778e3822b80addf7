package io.surge.dev.bench;

import io.surge.Infrastructure;
import io.surge.dev.DevSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The benchmark's baseline, never deployed in production: the naive flash-sale design, one PostgreSQL
 * transaction per purchase that decrements the hot SKU row and writes the order, with the same JWT
 * check as the real path. It listens on its own port ({@code dev.benchNaivePort}) in the same process.
 */
public final class NaivePurchaseVerticle extends VerticleBase {

  private static final String TAKE_UNIT = "UPDATE skus SET on_hand = on_hand - 1 WHERE id = $1 AND on_hand - reserved > 0 "
    + "RETURNING price_amount, currency, code, product_id";
  private static final String INSERT_ORDER = """
    INSERT INTO orders (id, user_id, status, currency, subtotal_amount, shipping_amount, total_amount, item_count,
                        shipping_address, payment_deadline)
    VALUES ($1, $2, 'pending_payment', $3, $4, 0, $4, 1, '{}', now() + interval '15 minutes')""";
  private static final String INSERT_LINE = """
    INSERT INTO order_lines (order_id, line_no, sku_id, product_id, sku_code, title, options, unit_amount, quantity, line_amount)
    VALUES ($1, 1, $2, $3, $4, 'naive purchase', '{}', $5, 1, $5)""";

  private Infrastructure infra;
  private HttpServer server;

  @Override
  public Future<?> start() {
    infra = Infrastructure.create(vertx, config());
    Router router = Router.router(vertx);
    router.post("/naive/skus/:sku/purchases").handler(JWTAuthHandler.create(infra.accessTokens()))
      .handler(this::purchase);
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(DevSettings.from(config()).benchNaivePort(), "127.0.0.1");
  }

  private void purchase(RoutingContext ctx) {
    UUID sku = UUID.fromString(ctx.pathParam("sku"));
    UUID buyer = UUID.fromString(((User) ctx.user()).subject());
    UUID orderId = UUID.randomUUID();
    infra.pg().withTransaction(tx -> tx.preparedQuery(TAKE_UNIT).execute(Tuple.of(sku))
      .compose(taken -> taken.size() == 0 ? Future.succeededFuture(false) : writeOrder(tx, taken, sku, buyer, orderId)))
      .onSuccess(sold -> {
        if (sold) {
          ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("order_id", orderId.toString()).toBuffer());
        } else {
          ctx.response().setStatusCode(410).putHeader("Content-Type", "application/json")
            .end("{\"code\":\"sold_out\"}");
        }
      })
      .onFailure(e -> ctx.response().setStatusCode(503).end());
  }

  private static Future<Boolean> writeOrder(SqlConnection tx, RowSet<Row> taken, UUID sku, UUID buyer, UUID orderId) {
    Row unit = taken.iterator().next();
    long price = unit.getLong("price_amount");
    return tx.preparedQuery(INSERT_ORDER).execute(Tuple.of(orderId, buyer, unit.getString("currency"), price))
      .compose(v -> tx.preparedQuery(INSERT_LINE).execute(Tuple.of(orderId, sku, unit.getUUID("product_id"),
        unit.getString("code"), price)))
      .map(true);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close().eventually(() -> {
      infra.close();
      return Future.succeededFuture();
    });
  }
}
