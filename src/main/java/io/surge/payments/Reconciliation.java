package io.surge.payments;

import io.surge.shared.JsonTime;
import io.surge.shared.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Compares the provider's payments in a time window with Surge's. A payment whose news Surge missed (a
 * lost webhook) is brought up to date through the ledger, as a webhook would have; a success whose order
 * was never settled is settled. What cannot be fixed here (money taken at the provider for no Surge
 * payment) is recorded as a discrepancy for an admin. One run at a time across instances.
 */
final class Reconciliation {

  static final String PAID_WITHOUT_PAYMENT = "paid_without_payment";

  private final Pool pool;
  private final PaymentProvider provider;
  private final PaymentLedger ledger;
  private final OrderSettlement settlement;
  private final int windowHours;

  Reconciliation(Pool pool, PaymentProvider provider, PaymentLedger ledger, OrderSettlement settlement,
    int windowHours) {
    this.pool = pool;
    this.provider = provider;
    this.ledger = ledger;
    this.settlement = settlement;
    this.windowHours = windowHours;
  }

  /** The default window: the last {@code payments.reconcileWindowHours} up to now. */
  Future<JsonObject> run() {
    Instant to = Instant.now().plusSeconds(1);
    return run(to.minus(windowHours, ChronoUnit.HOURS), to);
  }

  /** Null when another instance is reconciling right now. */
  Future<JsonObject> run(Instant from, Instant to) {
    return pool.getConnection().compose(conn -> conn.query(PaymentSql.TRY_LOCK).execute()
      .compose(locked -> !locked.iterator().next().getBoolean(0) ? Future.<JsonObject>succeededFuture(null)
        : compare(from, to).eventually(() -> conn.query(PaymentSql.UNLOCK).execute()))
      .eventually(conn::close));
  }

  private Future<JsonObject> compare(Instant from, Instant to) {
    JsonArray repaired = new JsonArray();
    // the account may hold other systems' intents: only those Surge created are compared (and counted)
    return provider.listIntents(from, to).map(all -> all.stream().filter(ProviderIntent::surges).toList())
      .compose(intents -> {
        Future<Void> chain = Future.succeededFuture();
        for (ProviderIntent intent : intents) {
          chain = chain.compose(v -> check(intent, repaired));
        }
        return chain.compose(v -> openDiscrepancies(100)).map(open -> new JsonObject()
          .put("from", from.toString()).put("to", to.toString())
          .put("checked", intents.size())
          .put("repaired", repaired)
          .put("discrepancies", open));
      });
  }

  private Future<Void> check(ProviderIntent intent, JsonArray repaired) {
    return pool.preparedQuery(PaymentSql.BY_INTENT)
      .execute(Tuple.of(intent.id(), PaymentLedger.uuidOrNull(intent.paymentId())))
      .compose(rows -> {
        if (rows.size() == 0) {
          return intent.status() == PaymentStatus.SUCCEEDED ? recordPaidWithoutPayment(pool, intent)
            : Future.succeededFuture();
        }
        Row payment = rows.iterator().next();
        PaymentStatus ours = PaymentStatus.of(payment.getString("status"));
        if (PaymentLedger.moves(ours, intent.status())) {
          return ledger.apply(intent).map(change -> {
            if (change != null && change.changed()) {
              repaired.add(new JsonObject().put("payment_id", payment.getUUID("id").toString())
                .put("provider_payment_id", intent.id()).put("from", ours.db()).put("to", intent.status().db()));
            }
            return null;
          });
        }
        if (ours == PaymentStatus.SUCCEEDED && payment.getString("order_outcome") == null) {
          return settlement.settle(payment).map(v -> {
            repaired.add(new JsonObject().put("payment_id", payment.getUUID("id").toString())
              .put("provider_payment_id", intent.id()).put("settled", true));
            return null;
          });
        }
        return Future.succeededFuture();
      });
  }

  /** Money taken at the provider for no Surge payment: recorded once, for an admin to resolve. */
  static Future<Void> recordPaidWithoutPayment(SqlClient client, ProviderIntent intent) {
    return client.preparedQuery(PaymentSql.DISCREPANCY)
      .execute(Tuple.of(PAID_WITHOUT_PAYMENT, intent.id(), intent.amountReceived(),
        intent.currency().isEmpty() ? null : intent.currency(), intent.providerStatus(),
        new JsonObject().put("metadata", intent.metadata()).put("created", intent.created())))
      .mapEmpty();
  }

  Future<JsonArray> openDiscrepancies(int limit) {
    return pool.preparedQuery(PaymentSql.OPEN_DISCREPANCIES).execute(Tuple.of(limit)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        items.add(new JsonObject()
          .put("id", row.getUUID("id").toString())
          .put("kind", row.getString("kind"))
          .put("provider_payment_id", row.getString("provider_payment_id"))
          .put("amount", Money.jsonOrNull(row.getLong("amount"), row.getString("currency")))
          .put("provider_status", row.getString("provider_status"))
          .put("details", row.getJsonObject("details"))
          .put("found_at", JsonTime.time(row.getOffsetDateTime("found_at"))));
      }
      return items;
    });
  }
}
