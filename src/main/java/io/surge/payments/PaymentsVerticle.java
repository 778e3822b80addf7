package io.surge.payments;

import io.surge.Infrastructure;
import io.surge.http.ApiException;
import io.surge.orders.OrdersBus;
import io.surge.orders.OrdersBus.RefundWanted;
import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The payments domain's clocks (one verticle per process; every step is safe with several processes):
 * succeeded payments whose order was not settled yet are settled again, paid orders the customer cancelled
 * before shipment are refunded, open intents of cancelled orders are cancelled at the provider, refunds left
 * unconfirmed by a timeout are asked for again, and reconciliation with the provider runs every {@code payments.reconcileMillis} (one instance at a time, by
 * advisory lock). It also refunds the returns the merchant approved ({@link OrdersBus#REFUND_WANTED}).
 */
public final class PaymentsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentsVerticle.class);
  static final String REFUND_REQUESTED_REASON = "cancelled by the customer after payment";
  /** A refund the provider accepted but has not finished is looked up every this many sweeps (events come first). */
  private static final int REFUND_CHECK_SWEEPS = 30;

  private Pool pg;
  private Payments payments;
  private boolean sweeping;
  private double staleRefundSeconds;
  private double sweepSeconds;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    PaymentSettings settings = PaymentSettings.from(config);
    pg = Infrastructure.postgres(vertx, config.getJsonObject("postgres"));
    payments = new Payments(vertx, pg, settings);
    staleRefundSeconds = 2.0 * settings.timeoutMillis() / 1000;
    sweepSeconds = settings.sweepMillis() / 1000.0;
    vertx.setPeriodic(settings.sweepMillis(), id -> sweep());
    long reconcileMillis = settings.reconcileMillis();
    if (reconcileMillis > 0) {
      vertx.setPeriodic(reconcileMillis, id -> reconcile());
    }
    // payments hold no personal data to erase: provider ids, amounts and outcomes, kept for the accounts
    return Future.all(vertx.eventBus().<JsonObject>consumer(OrdersBus.REFUND_WANTED, this::refundReturn).completion(),
      PrivacyBus.answer(vertx, PrivacyBus.PAYMENTS, this::export, null));
  }

  /**
   * An approved return ({@link OrdersBus#REFUND_WANTED}): its amount is refunded from the payment that paid the
   * order, under a key named for the return (asking again resumes the same refund). The goods are the order's
   * business: it restocked the lines the merchant said came back. Replies with the refund.
   */
  private void refundReturn(Message<JsonObject> message) {
    RefundWanted wanted;
    try {
      wanted = RefundWanted.from(message.body());
    } catch (RuntimeException e) {
      message.fail(OrdersBus.BAD_REQUEST, "bad_request");
      return;
    }
    pg.preparedQuery(PaymentSql.PAID_OF_ORDER).execute(Tuple.of(wanted.orderId()))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.conflict(PaymentErrors.PAYMENT_NOT_REFUNDABLE,
          "The order has no payment that paid it."))
        : Future.succeededFuture(rows.iterator().next()))
      .compose(payment -> payments.refunds.refund(payment.getUUID("id"), wanted.amount(), wanted.reason(),
        Refunds.Goods.KEPT, wanted.refundKey(), "admin", Refunds.OrderUpdate.MOVE_ORDER)
        .map(refund -> PaymentJson.refund(refund, payment.getString("currency"))))
      .onSuccess(message::reply)
      .onFailure(e -> message.fail(e instanceof ApiException api ? api.status() : OrdersBus.INTERNAL_ERROR,
        e instanceof ApiException api ? api.code() : "internal_error"));
  }

  private Future<JsonArray> export(UUID userId) {
    return pg.preparedQuery(PaymentSql.EXPORT).execute(Tuple.of(userId))
      .map(rows -> (JsonArray) rows.iterator().next().getValue("payments"));
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    settleLeftovers().compose(v -> refundCancelledPaidOrders()).compose(v -> closeIntentsOfCancelledOrders())
      .compose(v -> finishStaleRefunds())
      .onFailure(e -> LOG.warn("Payment sweep failed; will retry", e))
      .onComplete(ar -> sweeping = false);
  }

  /** Successes older than a few seconds whose order never heard of them (a crash or a lost reply). */
  private Future<Void> settleLeftovers() {
    return pg.preparedQuery(PaymentSql.UNSETTLED).execute(Tuple.of(5)).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row payment : rows) {
        chain = chain.compose(v -> payments.settlement.settle(payment).recover(e -> {
          LOG.warn("Could not settle the order of payment {}", payment.getUUID("id"), e);
          return Future.succeededFuture();
        }));
      }
      return chain;
    });
  }

  /** A paid order cancelled before it shipped: the rest of the payment goes back and the reserved goods return. */
  private Future<Void> refundCancelledPaidOrders() {
    return pg.preparedQuery(PaymentSql.REFUND_REQUESTED).execute().compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row payment : rows) {
        chain = chain.compose(v -> payments.refunds
          .refund(payment.getUUID("id"), Refunds.EVERYTHING_LEFT, REFUND_REQUESTED_REASON,
            Refunds.Goods.RETURNED, "auto:refund-requested", "system", Refunds.OrderUpdate.MOVE_ORDER)
          .<Void>mapEmpty()
          .recover(e -> {
            LOG.warn("Could not refund the cancelled order {}", payment.getUUID("order_id"), e);
            return Future.succeededFuture();
          }));
      }
      return chain;
    });
  }

  /**
   * An order cancelled (by the customer or its deadline) while its payment was open: the intent is cancelled at
   * the provider, so it can no longer be paid. If the customer paid just before, the provider refuses; its
   * answer (succeeded) is recorded instead, and the success is refunded as one for an unpayable order.
   */
  private Future<Void> closeIntentsOfCancelledOrders() {
    return pg.preparedQuery(PaymentSql.OPEN_FOR_CANCELLED).execute().compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row payment : rows) {
        String intentId = payment.getString("provider_payment_id");
        chain = chain.compose(v -> payments.provider.cancelIntent(intentId, "surge-cancel-" + payment.getUUID("id"))
          .recover(
            e -> ProviderException.refused(e) ? payments.provider.retrieveIntent(intentId) : Future.failedFuture(e))
          .compose(payments.ledger::apply)
          .compose(change -> change != null && change.payment().getString("status").equals(payment.getString("status"))
            ? closeLater(payment) : Future.<Void>succeededFuture())
          .recover(e -> {
            LOG.warn("Could not close the payment {} of a cancelled order; will try again later", payment.getUUID("id"),
              e);
            return closeLater(payment);
          }));
      }
      return chain;
    });
  }

  /**
   * The close did not end the intent (the provider could not cancel it yet, or did not answer): try again later,
   * each time twice as late (from one sweep up to an hour), not every sweep for as long as a bank takes.
   */
  private Future<Void> closeLater(Row payment) {
    return pg.preparedQuery(PaymentSql.CLOSE_LATER).execute(Tuple.of(payment.getUUID("id"), sweepSeconds)).mapEmpty();
  }

  /**
   * A refund whose provider call timed out keeps its amount reserved; unless the admin retried or a webhook
   * told, it is looked up at the provider and, if not there, asked for again with the same key. One the provider
   * accepted but has not finished (a bank refund) is looked up now and then, should its events be lost.
   */
  private Future<Void> finishStaleRefunds() {
    return pg.preparedQuery(PaymentSql.STALE_REFUNDS)
      .execute(Tuple.of(staleRefundSeconds, REFUND_CHECK_SWEEPS * sweepSeconds))
      .compose(rows -> {
        Future<Void> chain = Future.succeededFuture();
        for (Row refund : rows) {
          chain = chain.compose(v -> payments.refunds.recheck(refund)
            .<Void>mapEmpty()
            .recover(e -> {
              LOG.warn("Refund {} is still unconfirmed; will ask again", refund.getUUID("id"), e);
              return Future.succeededFuture();
            }));
        }
        return chain;
      });
  }

  private void reconcile() {
    payments.reconciliation.run()
      .onSuccess(result -> {
        if (result != null
          && (!result.getJsonArray("repaired").isEmpty() || !result.getJsonArray("discrepancies").isEmpty())) {
          LOG.info("Payment reconciliation {} {} {}", kv("checked", result.getInteger("checked")),
            kv("repaired", result.getJsonArray("repaired").size()),
            kv("open_discrepancies", result.getJsonArray("discrepancies").size()));
        }
      })
      .onFailure(e -> LOG.warn("Payment reconciliation failed; will retry at the next run", e));
  }

  @Override
  public Future<?> stop() {
    return pg.close();
  }
}
