package io.surge.flashsale;

import io.surge.auth.AccessTokens;
import io.surge.auth.Roles;
import io.surge.flashsale.FlashSaleMeters.Outcome;
import io.surge.http.ApiException;
import io.surge.http.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/v1/admin/flash-sales/{id}/live}: the console's live monitor of one sale, as Server-Sent Events, one
 * {@code tick} a second. Each tick adds up every process's snapshot ({@link SaleSnapshots}): answers per outcome in
 * the last second and in total, the purchase route's latency percentiles over the last minute; the units left are
 * the gate's, the sale's quantity, sold count, state and sold-out time PostgreSQL's. A tick costs one Redis HGETALL,
 * one HGET and one primary-key read, whatever the load on the sale; a tick still waiting skips the next.
 */
final class SaleMonitor {

  static final int MAX_STREAMS_PER_USER = 5;
  /** A snapshot older than this is from a process that stopped publishing: its totals count, its rates do not. */
  private static final long FRESH_MILLIS = 2500;
  private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Pool pool;
  private final RedisAPI redis;
  private final FlashGate gate;

  SaleMonitor(Vertx vertx, Pool pool, RedisAPI redis, FlashGate gate) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.gate = gate;
  }

  void mount(RouterBuilder api) {
    api.getRoute("streamFlashSaleLive").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::open);
  }

  private void open(RoutingContext ctx) {
    UUID saleId = Ids.parse(ctx.pathParam("id"), "The flash sale");
    String userId = Roles.userId(ctx);
    pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId)).onSuccess(rows -> {
      if (rows.size() == 0) {
        ctx.fail(ApiException.notFound("The flash sale"));
        return;
      }
      AtomicInteger open = OPEN.computeIfAbsent(userId, id -> new AtomicInteger());
      if (open.incrementAndGet() > MAX_STREAMS_PER_USER) {
        release(userId, open);
        ctx.fail(ApiException.tooManyRequests(5));
        return;
      }
      HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
      Watch watch = new Watch(saleId, response);
      watch.tick();
      long ticks = vertx.setPeriodic(SaleSnapshots.PERIOD_MILLIS, id -> watch.tick());
      long expiry = vertx.setTimer(Math.max(1, AccessTokens.expiresAtMillis(ctx.user()) - System.currentTimeMillis()),
        id -> {
          if (!response.ended() && !response.closed()) {
            response.end(Buffer.buffer("event: session_ended\ndata: {\"reason\":\"token_expired\"}\n\n"));
          }
        });
      response.closeHandler(v -> {
        vertx.cancelTimer(ticks);
        vertx.cancelTimer(expiry);
        release(userId, open);
      });
    }).onFailure(ctx::fail);
  }

  private static void release(String userId, AtomicInteger open) {
    if (open.decrementAndGet() <= 0) {
      OPEN.remove(userId, open);
    }
  }

  /** One open monitor: reads, adds up and writes a tick a second. */
  private final class Watch {
    private final UUID saleId;
    private final HttpServerResponse response;
    private boolean reading;
    private String soldOutAt;

    Watch(UUID saleId, HttpServerResponse response) {
      this.saleId = saleId;
      this.response = response;
    }

    void tick() {
      if (reading || response.closed() || response.ended()) {
        return;
      }
      if (response.writeQueueFull()) {
        response.reset(); // a client that stops reading is let go
        return;
      }
      reading = true;
      Future<Row> sale = pool.preparedQuery(FlashSaleSql.FIND_SALE).execute(Tuple.of(saleId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
      Future<Integer> left = gate.remaining(saleId);
      Future<Response> snapshots = redis.hgetall(SaleSnapshots.key(saleId));
      Future.all(sale, left, snapshots)
        .compose(all -> soldOutAt(sale.result()).map(at -> event(sale.result(), left.result(), snapshots.result())))
        .onSuccess(event -> {
          if (!response.closed() && !response.ended()) {
            response.write(Buffer.buffer("event: tick\ndata: ").appendString(event.encode()).appendString("\n\n"));
          }
        })
        .onComplete(ar -> reading = false);
    }

    /** Read once, when the sale first shows sold out: the time of its last durable purchase. */
    private Future<String> soldOutAt(Row sale) {
      if (soldOutAt != null || sale == null || sale.getInteger("sold") < sale.getInteger("quantity")) {
        return Future.succeededFuture(soldOutAt);
      }
      return pool.preparedQuery(FlashSaleSql.LAST_PURCHASE).execute(Tuple.of(saleId)).map(rows -> {
        OffsetDateTime at = rows.iterator().next().getOffsetDateTime(0);
        soldOutAt = at == null ? null : at.toInstant().toString();
        return soldOutAt;
      });
    }

    private JsonObject event(Row sale, Integer gateLeft, Response snapshots) {
      LiveTotals totals = LiveTotals.of(HashReply.fields(snapshots).values(), System.currentTimeMillis(),
        FRESH_MILLIS);
      JsonObject view = FlashSales.json(sale, gateLeft);
      int quantity = sale.getInteger("quantity");
      int unitsLeft = view.getInteger("remaining");
      JsonObject latency = new JsonObject()
        .put("p50", PurchaseLatency.percentile(totals.latency(), 0.5, totals.maxMillis()))
        .put("p90", PurchaseLatency.percentile(totals.latency(), 0.9, totals.maxMillis()))
        .put("p99", PurchaseLatency.percentile(totals.latency(), 0.99, totals.maxMillis()))
        .put("max", totals.maxMillis() > 0 ? totals.maxMillis() : null)
        .put("count", totals.latencyCount())
        .put("buckets_ms", bounds());
      return new JsonObject()
        .put("sale_id", saleId.toString())
        .put("at", Instant.now().toString())
        .put("state", view.getString("state"))
        .put("quantity", quantity)
        .put("units_left", unitsLeft)
        .put("sold", sale.getInteger("sold"))
        .put("sold_out_at", soldOutAt)
        .put("starts_at", view.getString("starts_at"))
        .put("ends_at", view.getString("ends_at"))
        .put("instances", totals.fresh())
        .put("per_second", new JsonObject().put("decisions", SaleSnapshots.total(totals.second()))
          .put("accepted", totals.second().get(Outcome.ACCEPTED)).put("answers", answers(totals.second())))
        .put("totals", new JsonObject().put("decisions", SaleSnapshots.total(totals.totals()))
          .put("accepted", totals.totals().get(Outcome.ACCEPTED)).put("answers", answers(totals.totals())))
        .put("latency_ms", latency);
    }
  }

  private static JsonObject answers(Map<Outcome, Long> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((outcome, count) -> json.put(outcome.label, count));
    return json;
  }

  private static JsonArray bounds() {
    JsonArray bounds = new JsonArray();
    for (double seconds : io.surge.observability.Meters.SLO_SECONDS) {
      bounds.add(seconds * 1000);
    }
    return bounds;
  }
}
