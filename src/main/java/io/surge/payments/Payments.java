package io.surge.payments;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The payments domain's parts, wired once per verticle instance (HTTP front or the payments verticle). */
final class Payments {

  final Vertx vertx;
  final Pool pool;
  final PaymentProvider provider;
  final Refunds refunds;
  final OrderSettlement settlement;
  final PaymentLedger ledger;
  final PaymentCreation creation;
  final Reconciliation reconciliation;

  Payments(Vertx vertx, Pool pool, PaymentSettings payments) {
    String topic = payments.topic();
    PaymentMeters.register();
    this.vertx = vertx;
    this.pool = pool;
    this.provider = new MeteredProvider(new StripeProvider(vertx, payments));
    this.refunds = new Refunds(vertx, pool, provider, topic);
    this.settlement = new OrderSettlement(vertx, pool, refunds);
    this.ledger = new PaymentLedger(vertx, pool, settlement, refunds, topic);
    this.creation = new PaymentCreation(vertx, pool, provider, ledger, payments.timeoutMillis());
    this.reconciliation = new Reconciliation(pool, provider, ledger, settlement,
      payments.reconcileWindowHours());
  }
}
