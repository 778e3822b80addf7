package io.surge.payments;

import io.surge.http.ApiException;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records what the provider says about a payment: from a signed webhook, the client's "I paid", a status
 * refresh or reconciliation, all through one door. Each change happens under the payment's row lock, so when
 * a webhook and a confirmation race, exactly one of them moves the payment and that one settles the order.
 * {@code succeeded} is final; a failed or cancelled payment can still turn out to have succeeded.
 */
final class PaymentLedger {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentLedger.class);

  /** The payment after a look at the provider's word; {@code before} null when nothing changed. */
  record Change(Row payment, PaymentStatus before) {
    boolean changed() {
      return before != null;
    }

    boolean succeededNow() {
      return changed() && PaymentStatus.SUCCEEDED.db().equals(payment.getString("status"));
    }
  }

  /** A webhook's result: what happened, and what must follow the commit. */
  record Handled(String outcome, Change change, List<Refunds.Booked> booked) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final OrderSettlement settlement;
  private final Refunds refunds;
  private final String topic;

  PaymentLedger(Vertx vertx, Pool pool, OrderSettlement settlement, Refunds refunds, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.settlement = settlement;
    this.refunds = refunds;
    this.topic = topic;
  }

  /** Applies the intent's state in its own transaction; null when no Surge payment belongs to it. */
  Future<Change> apply(ProviderIntent intent) {
    return pool.withTransaction(tx -> applyIn(tx, intent)).compose(this::afterCommit);
  }

  Future<Change> applyIn(SqlConnection tx, ProviderIntent intent) {
    return tx.preparedQuery(PaymentSql.LOCK_BY_INTENT).execute(Tuple.of(intent.id(), uuidOrNull(intent.paymentId())))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(null);
        }
        Row payment = rows.iterator().next();
        PaymentStatus current = PaymentStatus.of(payment.getString("status"));
        PaymentStatus target = intent.status();
        if (!moves(current, target)) {
          return Future.succeededFuture(new Change(payment, null));
        }
        long captured = capturedAfter(intent, payment.getLong("captured_amount"));
        boolean failed = target == PaymentStatus.FAILED;
        return tx.preparedQuery(PaymentSql.SET_STATE)
          .execute(Tuple.of(payment.getUUID("id"), target.db(), intent.id(), captured,
            failed ? intent.failureCode() : null, failed ? intent.failureMessage() : null))
          .compose(updated -> {
            Row row = updated.iterator().next();
            String event = target == PaymentStatus.SUCCEEDED ? "payment.succeeded" : failed ? "payment.failed" : null;
            Future<Void> appended = event == null ? Future.succeededFuture()
              : Outbox.append(tx, topic, "payment", row.getUUID("id"), event, row.getInteger("version"),
                eventData(row, current));
            return appended.map(new Change(row, current));
          });
      });
  }

  /** Succeeded is final; failed and cancelled only give way to a success the provider reports later. */
  static boolean moves(PaymentStatus current, PaymentStatus target) {
    if (current == target || current == PaymentStatus.SUCCEEDED) {
      return false;
    }
    if (current == PaymentStatus.FAILED || current == PaymentStatus.CANCELLED) {
      return target == PaymentStatus.SUCCEEDED;
    }
    return true;
  }

  /** A success captures what the provider received (its amount when it does not say); nothing else changes it. */
  static long capturedAfter(ProviderIntent intent, long capturedBefore) {
    if (intent.status() != PaymentStatus.SUCCEEDED) {
      return capturedBefore;
    }
    return intent.amountReceived() > 0 ? intent.amountReceived() : intent.amount();
  }

  Future<Change> afterCommit(Change change) {
    if (change == null || !change.changed()) {
      return Future.succeededFuture(change);
    }
    Outbox.nudge(vertx);
    PaymentMeters.PAYMENTS.count(change.payment().getString("status"));
    if (!change.succeededNow()) {
      return Future.succeededFuture(change);
    }
    // A failure here is retried by the payments verticle's sweep (order_outcome stays null).
    return settlement.settle(change.payment())
      .map(change)
      .recover(e -> {
        LOG.warn("Payment {} succeeded but its order is not settled yet; the sweep will retry",
          change.payment().getUUID("id"), e);
        return Future.succeededFuture(change);
      });
  }

  /**
   * A verified webhook event. Its id is recorded in the same transaction as its effect, so a duplicate
   * delivery changes nothing. An event that cannot apply yet (a refund of a payment Surge has not seen
   * succeed) is refused with 409 and not recorded: the provider delivers it again later.
   */
  Future<String> handle(JsonObject event) {
    String eventId = event.getString("id");
    String type = event.getString("type", "");
    JsonObject object = event.getJsonObject("data", new JsonObject()).getJsonObject("object", new JsonObject());
    Object intentField = type.startsWith("payment_intent.") ? object.getValue("id") : object.getValue("payment_intent");
    String intentId = intentField instanceof String text ? text : null;
    return refundsOf(type, object, intentId).compose(listed -> pool.withTransaction(
      tx -> tx.preparedQuery(PaymentSql.EVENT_SEEN).execute(Tuple.of(eventId, type, intentId, "received"))
        .compose(seen -> {
          if (seen.size() == 0) {
            return Future.succeededFuture(new Handled("duplicate", null, List.of()));
          }
          return dispatch(tx, type, object, intentId, listed)
            .compose(handled -> tx.preparedQuery(PaymentSql.EVENT_OUTCOME).execute(Tuple.of(eventId, handled.outcome()))
              .map(handled));
        })))
      .compose(handled -> afterCommit(handled.change())
        .compose(v -> refunds.afterBooking(handled.booked()))
        .map(handled.outcome()));
  }

  /**
   * The refunds an event is about. {@code charge.refunded} carries no refund list on current API versions (not
   * since 2022-11-15 unless expanded), so a dashboard refund would go unseen: its refunds are asked of the provider,
   * before the transaction. The {@code refund.*} events carry the refund itself.
   */
  private Future<List<ProviderRefund>> refundsOf(String type, JsonObject object, String intentId) {
    if ("charge.refunded".equals(type)) {
      JsonObject list = object.getJsonObject("refunds");
      if ((list == null || list.getJsonArray("data") == null) && intentId != null) {
        // not recorded as seen: the provider delivers it again, and by then can be asked
        return refunds.atProvider(intentId).recover(e -> Future.failedFuture(new ApiException(503,
          PaymentErrors.PAYMENT_PROVIDER_UNAVAILABLE, "Service unavailable",
          "The payment provider could not be asked for this charge's refunds; deliver the event again later.")));
      }
      List<ProviderRefund> listed = new ArrayList<>();
      (list == null ? new JsonArray() : list.getJsonArray("data"))
        .forEach(refund -> listed.add(ProviderRefund.from((JsonObject) refund)));
      return Future.succeededFuture(listed);
    }
    if (type.startsWith("refund.") || type.startsWith("charge.refund.")) {
      return Future.succeededFuture(List.of(ProviderRefund.from(object)));
    }
    return Future.succeededFuture(List.of());
  }

  private Future<Handled> dispatch(SqlConnection tx, String type, JsonObject object, String intentId,
    List<ProviderRefund> listed) {
    if (type.startsWith("payment_intent.")) {
      ProviderIntent intent = ProviderIntent.from(object);
      return applyIn(tx, intent).compose(change -> {
        if (change != null) {
          return Future.succeededFuture(new Handled(change.changed() ? "applied" : "no_change", change, List.of()));
        }
        if (!intent.surges()) {
          // another system's intent on the same Stripe account: not Surge's, and no discrepancy
          return Future.succeededFuture(new Handled("not_ours", null, List.of()));
        }
        if (intent.status() != PaymentStatus.SUCCEEDED) {
          return Future.succeededFuture(new Handled("unknown_payment", null, List.of()));
        }
        return Reconciliation.recordPaidWithoutPayment(tx, intent)
          .map(new Handled("paid_without_payment", null, List.of()));
      });
    }
    if ("charge.refunded".equals(type) || type.startsWith("refund.") || type.startsWith("charge.refund.")) {
      return refundsIn(tx, intentId, listed);
    }
    return Future.succeededFuture(new Handled("ignored", null, List.of()));
  }

  private Future<Handled> refundsIn(SqlConnection tx, String intentId, List<ProviderRefund> providerRefunds) {
    return tx.preparedQuery(PaymentSql.LOCK_BY_INTENT).execute(Tuple.of(intentId, (UUID) null)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new Handled("unknown_payment", null, List.of()));
      }
      Row payment = rows.iterator().next();
      if (!PaymentStatus.SUCCEEDED.db().equals(payment.getString("status"))) {
        return Future.failedFuture(ApiException.conflict(PaymentErrors.EVENT_OUT_OF_ORDER,
          "This refund is for a payment not yet seen to succeed; deliver the event again later."));
      }
      List<Refunds.Booked> booked = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (ProviderRefund refund : providerRefunds) {
        chain = chain.compose(v -> refunds.recordFromProvider(tx, payment.getUUID("id"), refund)
          .map(done -> {
            if (done != null) {
              booked.add(done);
            }
            return null;
          }));
      }
      return chain.map(v -> new Handled(booked.isEmpty() ? "no_change" : "applied", null, booked));
    });
  }

  private static JsonObject eventData(Row payment, PaymentStatus from) {
    JsonObject data = PaymentJson.event(payment).put("from", from.db());
    if (payment.getString("failure_code") != null) {
      data.put("failure_code", payment.getString("failure_code"));
    }
    return data;
  }

  static UUID uuidOrNull(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
