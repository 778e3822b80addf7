package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Kafka intake only: sends again the reservations a dead process left in doubt. The gate took the unit, the send to
 * the intake topic was not acknowledged, and the process stopped before one of its retries got through; when the
 * buyer never asks again (their retry would send it), the unit stayed reserved for nobody and the sale sold one unit
 * short. Releasing it is not safe (the record may be on the topic after all, and the unit would be sold twice), so
 * the reservation is sent once more, as the in-doubt send would have been: the consumer writes it once by its ids.
 *
 * <p>Cheap while a sale moves: like reconciliation, a sale is looked at only when its gate has handed out more units
 * than PostgreSQL has sold and neither figure moved since the last round. Only then are its keys read, and a record
 * is sent again when it is older than {@link FlashGate#abandoned} and PostgreSQL has no purchase of that id.
 */
final class IntakeSweep {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeSweep.class);

  private final Pool pg;
  private final FlashGate gate;
  private final IntakeProducer intake;
  /** Per sale: the gap seen last round (sold, gate stock), waiting to be seen unchanged. */
  private final Map<UUID, Gap> gaps = new HashMap<>();

  IntakeSweep(Pool pg, FlashGate gate, IntakeProducer intake) {
    this.pg = pg;
    this.gate = gate;
    this.intake = intake;
  }

  void run() {
    pg.preparedQuery(FlashSaleSql.LIVE_SALES).execute()
      .onSuccess(rows -> rows.forEach(this::look))
      .onFailure(e -> LOG.warn("Kafka-intake sweep failed; will retry", e));
  }

  private void look(Row sale) {
    UUID saleId = sale.getUUID("id");
    int sold = sale.getInteger("sold");
    gate.remaining(saleId).onSuccess(stock -> {
      if (stock == null || sale.getInteger("quantity") - stock <= sold) {
        gaps.remove(saleId); // every unit the gate handed out is sold (or the gate is gone: its rebuild decides)
        return;
      }
      Gap now = new Gap(sold, stock);
      if (now.equals(gaps.put(saleId, now))) {
        gaps.remove(saleId);
        resendStale(sale);
      }
    });
  }

  private void resendStale(Row sale) {
    UUID saleId = sale.getUUID("id");
    gate.reservations(saleId).compose(records -> {
      Map<UUID, String[]> stale = new HashMap<>();
      records.forEach((userKey, value) -> {
        String[] record = value.split("\\|");
        if (FlashGate.abandoned(record)) {
          stale.put(UUID.fromString(record[0]), new String[] {userKey, record[1], record[2]});
        }
      });
      if (stale.isEmpty()) {
        return Future.succeededFuture();
      }
      return pg.preparedQuery(FlashSaleSql.DURABLE_AMONG)
        .execute(Tuple.of(stale.keySet().toArray(UUID[]::new)))
        .compose(durable -> {
          Set<UUID> written = new HashSet<>();
          durable.forEach(row -> written.add(row.getUUID("id")));
          stale.keySet().removeAll(written);
          if (stale.isEmpty()) {
            return Future.succeededFuture();
          }
          return pg.preparedQuery(FlashSaleSql.SKU_TITLE).execute(Tuple.of(sale.getUUID("sku_id")))
            .compose(skus -> resend(SaleInfo.of(sale, skus.iterator().next()), stale));
        });
    }).onFailure(e -> LOG.warn("flash sale {}: stale reservations not sent again this round", saleId, e));
  }

  private Future<Void> resend(SaleInfo sale, Map<UUID, String[]> stale) {
    List<Future<Void>> sends = new ArrayList<>();
    stale.forEach((purchaseId, record) -> {
      String userKey = record[0];
      int bar = userKey.indexOf('|'); // user id | Idempotency-Key (a UUID has no bar; the key may)
      sends.add(intake.sendAgain(new PurchaseWriter.Reservation(purchaseId, UUID.fromString(record[1]), sale,
        UUID.fromString(userKey.substring(0, bar)), userKey.substring(bar + 1), Integer.parseInt(record[2]))));
    });
    LOG.warn("flash sale {}: {} reservations left in doubt by a stopped process are sent to the intake again",
      sale.id(), stale.size());
    return Future.all(sends).mapEmpty();
  }

  /** Units sold in PostgreSQL and left in the gate, when the gate has handed out more than were sold. */
  private record Gap(int sold, int gateStock) {
  }
}
