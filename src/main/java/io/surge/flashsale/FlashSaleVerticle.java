package io.surge.flashsale;

import io.surge.Infrastructure;
import io.surge.flashsale.FlashSaleBus.UnitsReturned;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flash-sale domain's own verticle: at start-up it builds from PostgreSQL the gate of every open sale
 * that has none, and it tops the gate up when an unpaid flash-sale order
 * expires, so the unit can be sold again. It also publishes this process's live numbers of active sales
 * ({@link SaleSnapshots}). With the Kafka intake it sends again what a stopped process left in doubt ({@link IntakeSweep}).
 */
public final class FlashSaleVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FlashSaleVerticle.class);

  private Pool pg;
  private Redis redisClient;
  private FlashGate gate;
  /** Per sale: the shortfall the last reconciliation round saw, waiting to be confirmed by the next. */
  private final Map<UUID, Shortfall> shortfalls = new HashMap<>();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    redisClient = Infrastructure.redis(vertx, config.getJsonObject("redis"));
    FlashSaleSettings settings = FlashSaleSettings.from(config);
    gate = new FlashGate(redisClient, pg, settings.gateBuckets());
    return gate.loadScripts()
      .compose(v -> vertx.eventBus().<JsonObject>consumer(FlashSaleBus.UNITS_RETURNED, message -> {
        UnitsReturned returned = UnitsReturned.from(message.body());
        gate.giveBack(returned.saleId(), returned.userId().toString(), returned.quantity())
          .onFailure(e -> LOG.warn("Could not return units to the gate; a rebuild will", e));
      }).completion())
      .compose(v -> rebuildOpenSales())
      .onSuccess(v -> {
        // With the Kafka intake, units on their way through the topic are in neither Redis nor PostgreSQL:
        // topping the gate up to "quantity - sold" would sell them twice, so the gate alone decides.
        new SaleSnapshots(RedisAPI.api(redisClient), settings.liveTtlSeconds()).start(vertx);
        if (!settings.kafkaIntake()) {
          vertx.setPeriodic(settings.reconcileMillis(), id -> reconcile());
        } else {
          if (settings.gateBuckets() > 1) {
            vertx.setPeriodic(settings.reconcileMillis(), id -> settleTransfers());
          }
          IntakeSweep sweep = new IntakeSweep(pg, gate, new IntakeProducer(vertx,
            config.getJsonObject("kafka").getString("bootstrapServers"), settings.intakeTopic()));
          vertx.setPeriodic(settings.reconcileMillis(), id -> sweep.run());
        }
      });
  }

  /**
   * Bounds how long a unit can be lost: every few seconds each live sale's gate is compared with
   * PostgreSQL (quantity - sold) and topped up if it holds fewer units (a missing gate is rebuilt).
   * A purchase between the gate's script and its commit also shows as a shortfall for a moment, so a
   * shortfall is acted on only when the next round finds it unchanged (same gate stock, same sold):
   * nothing was bought in between, so those units are lost, not in flight. A bucketed gate first delivers
   * any transfer still on a donor's list, so units between two buckets are not taken for lost.
   */
  private void reconcile() {
    pg.preparedQuery(FlashSaleSql.LIVE_SALES).execute().onSuccess(rows -> {
      for (Row sale : rows) {
        UUID saleId = sale.getUUID("id");
        int sold = sale.getInteger("sold");
        int durablyLeft = sale.getInteger("quantity") - sold;
        gate.settleTransfers(saleId).compose(settled -> gate.remaining(saleId)).onSuccess(stock -> {
          if (stock == null) {
            gate.rebuild(sale);
          } else if (stock >= durablyLeft) {
            shortfalls.remove(saleId);
          } else {
            Shortfall now = new Shortfall(sold, stock);
            if (now.equals(shortfalls.put(saleId, now))) { // the same as last round: lost, not in flight
              shortfalls.remove(saleId);
              gate.topUp(saleId, durablyLeft).onSuccess(missing -> {
                if (missing > 0) {
                  LOG.warn("flash sale {}: {} units were missing from the gate and are back on sale", saleId, missing);
                }
              });
            }
          }
        });
      }
    }).onFailure(e -> LOG.warn("Flash-sale reconciliation failed; will retry", e));
  }

  /** With the Kafka intake (no reconciliation), bucket transfers a dead process left half-done are still delivered. */
  private void settleTransfers() {
    pg.preparedQuery(FlashSaleSql.LIVE_SALES).execute().onSuccess(rows -> rows.forEach(sale -> gate
      .settleTransfers(sale.getUUID("id"))
      .onFailure(e -> LOG.debug("flash sale {}: transfers not settled this round", sale.getUUID("id"), e))))
      .onFailure(e -> LOG.warn("Flash-sale transfers not settled; will retry", e));
  }

  /** A gate found holding fewer units than PostgreSQL says are left, and the sold count at that moment. */
  private record Shortfall(int sold, int gateStock) {
  }

  /**
   * Builds the gate of every open sale that has none (Redis lost it, or the sale was made while no process ran). A
   * gate that exists is left as it is: other processes may be selling through it, and rebuilding it from PostgreSQL
   * would forget the purchases they have in flight (a replay of one was then told "sold out"; with the Kafka intake
   * its units would have been sold twice). What a dead process left in it is handled where it shows: lost units by
   * reconciliation, its keys when their buyer comes back ({@link FlashSaleRoutes}).
   */
  private Future<Void> rebuildOpenSales() {
    return pg.preparedQuery(FlashSaleSql.OPEN_SALES).execute().compose(rows -> {
      List<Future<Integer>> rebuilt = new ArrayList<>();
      for (Row sale : rows) {
        rebuilt.add(gate.remaining(sale.getUUID("id")).compose(left -> left == null ? gate.rebuild(sale)
          : Future.succeededFuture(left)));
      }
      return Future.all(rebuilt).onSuccess(v -> {
        if (!rebuilt.isEmpty()) {
          LOG.info("checked {} flash-sale gates", rebuilt.size());
        }
      }).mapEmpty();
    });
  }

  @Override
  public Future<?> stop() {
    redisClient.close();
    return pg.close();
  }
}
