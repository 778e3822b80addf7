package io.surge.flashsale;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.Infrastructure;
import io.surge.auth.Roles;
import io.surge.catalog.CatalogChanges;
import io.surge.catalog.Stock;
import io.surge.http.ApiException;
import io.surge.http.ClientAddresses;
import io.surge.http.HttpErrors;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.surge.orders.OrderSettings;
import io.surge.shared.JsonTime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Flash-sale HTTP operations. The purchase is the hot path: sold-out flag (no I/O), rate limits (no
 * I/O), one Redis script, one batched PostgreSQL write, a pre-encoded answer. Its body is checked by
 * hand, not by the OpenAPI validator, which would add two thread hops per request.
 */
final class FlashSaleRoutes {

  private static final long SOLD_OUT_FLAG_MILLIS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final FlashGate gate;
  private final SharedWriter writer;
  /** Set when {@code flashSales.intake = kafka}: the durable step is the intake topic, not PostgreSQL. */
  private final IntakeProducer intake;
  private final BuyerLimits limits;
  private final FlashSales admin;
  private final SalePasses passes;
  private final FlashSaleMeters meters = FlashSaleMeters.get();
  private final AsyncCache<UUID, SaleInfo> sales = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5))
    .buildAsync();
  /**
   * Per instance: sale -> until when it is known to be sold out, and every (buyer, key) answered by then. Only
   * those go on to the gate (a replay must get its first answer, not 410); every other press is told "sold
   * out" without any I/O.
   */
  private final Map<UUID, FlashGate.SoldOut> soldOut = new HashMap<>();
  private final Map<UUID, Future<FlashGate.SoldOut>> loadingSoldOut = new HashMap<>();
  private final Map<UUID, Future<Integer>> rebuilding = new HashMap<>();

  private FlashSaleRoutes(Infrastructure infra) {
    FlashSaleSettings settings = FlashSaleSettings.from(infra.config());
    this.vertx = infra.vertx();
    this.pool = infra.pg();
    this.gate = new FlashGate(infra.redisClient(), infra.pg(), settings.gateBuckets());
    this.writer = SharedWriter.of(vertx, () -> new PurchaseWriter(vertx, pool,
      OrderSettings.from(infra.config()).topic(), settings.writerBatch(), settings.writerLingerMillis(),
      settings.writerInFlight()));
    this.intake = settings.kafkaIntake()
      ? new IntakeProducer(vertx, infra.config().getJsonObject("kafka").getString("bootstrapServers"),
        settings.intakeTopic())
      : null;
    this.limits = new BuyerLimits(vertx, settings);
    this.admin = new FlashSales(pool, gate, new Stock(new CatalogChanges(vertx, infra.redis())), infra.idempotency());
    this.passes = new SalePasses(infra.accessTokens().derivedSecret("surge flash-sale pass v1"),
      settings.passTtlSeconds(), infra.accessTokens().sessions());
  }

  static Future<Void> mount(RouterBuilder api, Infrastructure infra) {
    FlashSaleRoutes routes = new FlashSaleRoutes(infra);
    routes.admin.mount(api);
    new SaleMonitor(routes.vertx, routes.pool, infra.redis(), routes.gate).mount(api);
    api.security("flashPass").apiKeyHandler(APIKeyHandler.create(routes.passes));
    api.getRoute("getFlashSalePass").addHandler(routes::pass);
    api.getRoute("buyFlashSale").setDoValidation(false).addHandler(routes::buy);
    api.getRoute("getFlashPurchase").addHandler(routes::purchase);
    return routes.gate.loadScripts();
  }

  private void buy(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    String userId = Roles.userId(ctx);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || key.isEmpty() || key.length() > 255) {
      ctx.fail(ApiException.badRequest(HttpErrors.IDEMPOTENCY_KEY_REQUIRED,
        "A purchase needs an Idempotency-Key (1-255 characters).", "Idempotency-Key"));
      return;
    }
    String passSale = ctx.user().principal().getString(SalePasses.PRINCIPAL_SALE);
    if (passSale != null && !passSale.equals(saleId.toString())) {
      ctx.fail(ApiException.forbidden("This pass is for another sale."));
      return;
    }
    FlashGate.SoldOut known = soldOut.get(saleId);
    if (known != null && known.until() > System.currentTimeMillis() && !known.answered().contains(userId + "|" + key)) {
      meters.count(saleId, FlashSaleMeters.Outcome.SOLD_OUT);
      ctx.fail(FlashSaleErrors.soldOut());
      return;
    }
    if (intake != null && !intake.confirming()) {
      meters.count(saleId, FlashSaleMeters.Outcome.ERROR);
      ctx.fail(FlashSaleErrors.notConfirming());
      return;
    }
    if (!limits.allow(userId, ClientAddresses.of(ctx))) {
      meters.count(saleId, FlashSaleMeters.Outcome.RATE_LIMITED);
      ctx.fail(ApiException.tooManyRequests(1));
      return;
    }
    int quantity = quantity(ctx);
    UUID purchaseId = PurchaseIds.purchase(saleId, userId, key);
    UUID orderId = PurchaseIds.order(saleId, userId, key);
    sale(saleId)
      .compose(sale -> gate.purchase(saleId, userId, key, quantity, purchaseId, orderId, intake != null)
        .compose(decision -> "unknown".equals(decision.outcome())
          ? rebuildOnce(saleId)
            .compose(v -> gate.purchase(saleId, userId, key, quantity, purchaseId, orderId, intake != null))
          : Future.succeededFuture(decision))
        .compose(decision -> decide(ctx, sale, decision, userId, key, quantity, purchaseId, orderId))
        .onFailure(e -> {
          if (!(e instanceof ApiException)) {
            meters.count(saleId, FlashSaleMeters.Outcome.ERROR); // the gate or PostgreSQL failed
          }
        }))
      .onFailure(ctx::fail);
  }

  private Future<Void> decide(RoutingContext ctx, SaleInfo sale, FlashGate.Decision decision, String userId, String key,
    int quantity, UUID purchaseId, UUID orderId) {
    switch (decision.outcome()) {
      case "accepted" -> {
        PurchaseWriter.Reservation reservation = new PurchaseWriter.Reservation(purchaseId, orderId, sale,
          UUID.fromString(userId),
          key, quantity);
        if (intake != null) {
          // A failed send is in doubt (the record may be on the topic): the unit stays the buyer's, the producer
          // sends it again, and the buyer's retry with the key learns the outcome. Never put back on sale here.
          return intake.send(reservation).transform(ar -> ar.succeeded()
            ? accepted(ctx, sale.id(), purchaseId, orderId, decision)
            : Future.failedFuture(notConfirmed(sale.id())));
        }
        return writer.write(reservation)
          .transform(ar -> {
            if (ar.failed()) {
              // Never a 202 that could be lost: the unit goes back and the buyer may retry.
              return gate.release(sale.id(), userId, key, quantity, FlashGate.Units.RESTOCK)
                .transform(released -> Future.failedFuture(notRecorded(sale.id())));
            }
            PurchaseWriter.Written written = ar.result();
            return switch (written.result()) {
              case WRITTEN -> accepted(ctx, sale.id(), written.purchaseId(), written.orderId(), decision);
              // PostgreSQL already had this key (the gate was rebuilt meanwhile): answer with that purchase.
              case REPLAYED -> gate.release(sale.id(), userId, key, quantity, FlashGate.Units.RESTOCK)
                .compose(v -> replayed(ctx, sale.id(), written.purchaseId(), written.orderId()));
              // The gate overstated the stock: keep its count down, forget the key.
              case SOLD_OUT -> gate.release(sale.id(), userId, key, quantity, FlashGate.Units.DROP)
                .compose(v -> Future.failedFuture(soldOut(sale.id())));
              case OVER_LIMIT -> gate.release(sale.id(), userId, key, quantity, FlashGate.Units.RESTOCK)
                .compose(v -> {
                  meters.count(sale.id(), FlashSaleMeters.Outcome.LIMIT);
                  return Future.failedFuture(FlashSaleErrors.overLimit(sale.perUserLimit()));
                });
            };
          });
      }
      case "replay" -> {
        String[] answer = decision.detail().split("\\|");
        if (Integer.parseInt(answer[2]) != quantity) {
          return Future.failedFuture(ApiException.unprocessable(HttpErrors.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used for another quantity."));
        }
        // The first request with this key may still be writing: only a durable purchase is confirmed.
        UUID earlier = UUID.fromString(answer[0]);
        UUID earlierOrder = UUID.fromString(answer[1]);
        return pool.preparedQuery(FlashSaleSql.IS_DURABLE).execute(Tuple.of(earlier)).compose(rows -> {
          if (rows.size() > 0) {
            return replayed(ctx, sale.id(), earlier, earlierOrder);
          }
          if (intake != null) {
            // Not in PostgreSQL yet: on the topic, or in doubt. One more copy settles it (written once by its ids).
            return intake.sendAgain(new PurchaseWriter.Reservation(earlier, earlierOrder, sale, UUID.fromString(userId),
              key, quantity)).transform(
                ar -> ar.succeeded()
                  ? replayed(ctx, sale.id(), earlier, earlierOrder)
                  : Future.failedFuture(notConfirmed(sale.id())));
          }
          if (FlashGate.abandoned(answer)) {
            // Reserved long ago by a process that died before writing it: forget the key (the unit itself comes
            // back through reconciliation) and decide this press afresh, under the same name-based ids.
            return gate.release(sale.id(), userId, key, quantity, FlashGate.Units.DROP)
              .compose(v -> gate.purchase(sale.id(), userId, key, quantity, purchaseId, orderId, false))
              .compose(again -> "replay".equals(again.outcome())
                ? Future.failedFuture(FlashSaleErrors.inFlight())
                : decide(ctx, sale, again, userId, key, quantity, purchaseId, orderId));
          }
          return Future.failedFuture(FlashSaleErrors.inFlight());
        });
      }
      case "sold_out" -> {
        rememberSoldOut(sale.id());
        meters.unitsLeft(sale.id(), 0);
        return Future.failedFuture(soldOut(sale.id()));
      }
      case "limit" -> {
        meters.count(sale.id(), FlashSaleMeters.Outcome.LIMIT);
        return Future.failedFuture(FlashSaleErrors.overLimit(sale.perUserLimit()));
      }
      case "not_started" -> {
        meters.count(sale.id(), FlashSaleMeters.Outcome.CLOSED);
        return Future.failedFuture(FlashSaleErrors.notStarted());
      }
      case "ended" -> {
        meters.count(sale.id(), FlashSaleMeters.Outcome.CLOSED);
        return Future.failedFuture(FlashSaleErrors.ended());
      }
      case "busy" -> {
        // Borrowing between the gate's buckets kept losing its units to other buyers: nothing was taken.
        meters.count(sale.id(), FlashSaleMeters.Outcome.ERROR);
        return Future.failedFuture(FlashSaleErrors.busy());
      }
      default -> {
        // The sale exists (it was just read) but its gate is being rebuilt by another request: retry.
        meters.count(sale.id(), FlashSaleMeters.Outcome.ERROR);
        return Future.failedFuture(FlashSaleErrors.restoring());
      }
    }
  }

  /** Arms the sold-out flag once the gate's buyers are read (one read at a time per sale on this event loop). */
  private void rememberSoldOut(UUID saleId) {
    FlashGate.SoldOut known = soldOut.get(saleId);
    if (loadingSoldOut.containsKey(saleId) || known != null && known.until() > System.currentTimeMillis()) {
      return;
    }
    Future<FlashGate.SoldOut> loading = gate.soldOut(saleId, SOLD_OUT_FLAG_MILLIS)
      .onSuccess(flag -> soldOut.put(saleId, flag))
      .onComplete(ar -> loadingSoldOut.remove(saleId));
    loadingSoldOut.put(saleId, loading);
  }

  /** One rebuild at a time per sale on this event loop; requests that find the gate missing wait for it. */
  private Future<Integer> rebuildOnce(UUID saleId) {
    Future<Integer> running = rebuilding.get(saleId);
    if (running != null) {
      return running;
    }
    Future<Integer> rebuild = admin.rebuild(saleId).onComplete(ar -> rebuilding.remove(saleId));
    rebuilding.put(saleId, rebuild);
    return rebuild;
  }

  private Future<Void> accepted(RoutingContext ctx, UUID saleId, UUID purchaseId, UUID orderId,
    FlashGate.Decision decision) {
    meters.count(saleId, FlashSaleMeters.Outcome.ACCEPTED);
    meters.unitsLeft(saleId, Long.parseLong(decision.detail()));
    return answer(ctx, saleId, purchaseId, orderId);
  }

  private Future<Void> replayed(RoutingContext ctx, UUID saleId, UUID purchaseId, UUID orderId) {
    meters.count(saleId, FlashSaleMeters.Outcome.REPLAY);
    // The first answer again, marked as a replay like any idempotent request's.
    ctx.response().putHeader("Idempotent-Replayed", "true");
    return answer(ctx, saleId, purchaseId, orderId);
  }

  private Future<Void> answer(RoutingContext ctx, UUID saleId, UUID purchaseId, UUID orderId) {
    String statusUrl = "/api/v1/flash-sales/" + saleId + "/purchases/" + purchaseId;
    Buffer body = Buffer.buffer(160).appendString("{\"purchase_id\":\"").appendString(purchaseId.toString())
      .appendString("\",\"order_id\":\"").appendString(orderId.toString())
      .appendString("\",\"status_url\":\"").appendString(statusUrl).appendString("\"}");
    return ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
      .putHeader(HttpHeaders.LOCATION, statusUrl).end(body);
  }

  /** A sale pass for the signed-in buyer, any time before the sale ends (see {@link SalePasses}). */
  private void pass(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    UUID buyerId = UUID.fromString(Roles.userId(ctx));
    pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId)).onSuccess(rows -> {
      if (rows.size() == 0) {
        ctx.fail(ApiException.notFound("The flash sale"));
        return;
      }
      Row sale = rows.iterator().next();
      Instant now = Instant.now();
      Instant ends = sale.getOffsetDateTime("ends_at").toInstant();
      if (sale.getOffsetDateTime("cancelled_at") != null) {
        ctx.fail(new ApiException(410, FlashSaleErrors.CANCELLED, "Gone", "The sale was cancelled."));
        return;
      }
      if (!ends.isAfter(now)) {
        ctx.fail(new ApiException(410, FlashSaleErrors.ENDED, "Gone", "The sale has ended."));
        return;
      }
      SalePasses.Issued issued = passes.issue(saleId, buyerId, ends, now);
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      Replies.ok(ctx, new JsonObject().put("pass", issued.pass()).put("header", SalePasses.HEADER)
        .put("flash_sale_id", saleId.toString()).put("expires_at", issued.expiresAt().toString()));
    }).onFailure(ctx::fail);
  }

  private void purchase(RoutingContext ctx) {
    UUID purchaseId = Ids.parse(ctx.pathParam("purchaseId"), "The purchase");
    pool.preparedQuery(FlashSaleSql.PURCHASE_STATUS).execute(Tuple.of(purchaseId, UUID.fromString(Roles.userId(ctx))))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("The purchase"));
          return;
        }
        Row row = rows.iterator().next();
        Replies.ok(ctx, new JsonObject()
          .put("purchase_id", row.getUUID("id").toString())
          .put("flash_sale_id", row.getUUID("sale_id").toString())
          .put("quantity", row.getInteger("quantity"))
          .put("status", row.getString("status"))
          .put("order_id", row.getUUID("order_id").toString())
          .put("order_status", row.getString("order_status"))
          .put("payment_deadline", JsonTime.time(row.getOffsetDateTime("payment_deadline"))));
      })
      .onFailure(ctx::fail);
  }

  private Future<SaleInfo> sale(UUID saleId) {
    Context context = Vertx.currentContext();
    return Future
      .fromCompletionStage(sales.get(saleId, (id, executor) -> loadSale(id).toCompletionStage().toCompletableFuture()),
        context)
      .compose(sale -> sale == null ? Future.failedFuture(ApiException.notFound("The flash sale"))
        : Future.succeededFuture(sale));
  }

  private Future<SaleInfo> loadSale(UUID saleId) {
    return pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId)).compose(sales -> {
      if (sales.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row sale = sales.iterator().next();
      meters.known(saleId);
      // the gate's count now, then after every accepted press (the answer carries it): no extra read per press
      gate.remaining(saleId).onSuccess(units -> {
        if (units != null) {
          meters.unitsLeft(saleId, units);
        }
      });
      return pool.preparedQuery(FlashSaleSql.SKU_TITLE).execute(Tuple.of(sale.getUUID("sku_id")))
        .map(skus -> SaleInfo.of(sale, skus.iterator().next()));
    });
  }

  private static int quantity(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return 1;
    }
    try {
      Object value = body.toJsonObject().getValue("quantity");
      if (value == null) {
        return 1;
      }
      if (value instanceof Integer number && number >= 1 && number <= 100) {
        return number;
      }
    } catch (RuntimeException e) {
      throw ApiException.badRequest(HttpErrors.MALFORMED_JSON, "The request body is not valid JSON.");
    }
    throw ApiException.invalidField("quantity", "range", "quantity must be an integer from 1 to 100.");
  }

  private ApiException notRecorded(UUID saleId) {
    meters.count(saleId, FlashSaleMeters.Outcome.ERROR);
    return FlashSaleErrors.notRecorded();
  }

  /** The Kafka intake did not acknowledge the purchase in time: it may still be recorded, so the unit is kept. */
  private ApiException notConfirmed(UUID saleId) {
    meters.count(saleId, FlashSaleMeters.Outcome.ERROR);
    return FlashSaleErrors.notConfirmed();
  }

  private ApiException soldOut(UUID saleId) {
    meters.count(saleId, FlashSaleMeters.Outcome.SOLD_OUT);
    return FlashSaleErrors.soldOut();
  }
}
