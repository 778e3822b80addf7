package io.surge.payments;

import io.surge.auth.Roles;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/**
 * The customer's side: pay an order, read payments (the owner, or an admin), and the client's "I paid":
 * Surge then asks the provider itself and records what it says, never the client's word.
 */
final class PaymentRoutes {

  private final Payments payments;
  private final PaymentReads reads;
  private final Idempotency idempotency;

  PaymentRoutes(Payments payments, PaymentReads reads, Idempotency idempotency) {
    this.payments = payments;
    this.reads = reads;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("createPayment").addHandler(idempotency.handler(true)).addHandler(this::create);
    api.getRoute("listOrderPayments").addHandler(this::ofOrder);
    api.getRoute("getPayment").addHandler(this::get);
    api.getRoute("confirmPayment").addHandler(this::confirm);
  }

  private void create(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    payments.creation.create(orderId, caller(ctx))
      .compose(outcome -> reads.view(outcome.payment(), PaymentReads.Reader.PAYER).map(view -> {
        String location = "/api/v1/payments/" + view.getString("id");
        if (outcome.created()) {
          Replies.created(ctx, location, view);
        } else {
          Replies.ok(ctx, view);
        }
        return null;
      }))
      .onFailure(ctx::fail);
  }

  private void ofOrder(RoutingContext ctx) {
    UUID orderId = Ids.parse(ctx.pathParam("id"), "The order");
    reads.ofOrder(orderId, ownerFilter(ctx), PaymentReads.Reader.payerIf(!admin(ctx)))
      .onSuccess(body -> Replies.ok(ctx, body))
      .onFailure(ctx::fail);
  }

  /** {@code ?refresh=true} asks the provider first and records any news. */
  private void get(RoutingContext ctx) {
    UUID paymentId = Ids.parse(ctx.pathParam("id"), "The payment");
    boolean refresh = "true".equals(ctx.request().getParam("refresh"));
    reads.row(paymentId, ownerFilter(ctx))
      .compose(row -> refresh ? refreshed(row) : Future.succeededFuture(row))
      .compose(row -> reads.view(row, PaymentReads.Reader.payerIf(isPayer(ctx, row))))
      .onSuccess(view -> Replies.ok(ctx, view, view.getInteger("version")))
      .onFailure(ctx::fail);
  }

  private void confirm(RoutingContext ctx) {
    UUID paymentId = Ids.parse(ctx.pathParam("id"), "The payment");
    reads.row(paymentId, caller(ctx))
      .compose(this::refreshed)
      .compose(row -> reads.view(row, PaymentReads.Reader.PAYER))
      .onSuccess(view -> Replies.ok(ctx, view))
      .onFailure(ctx::fail);
  }

  private Future<Row> refreshed(Row payment) {
    String intentId = payment.getString("provider_payment_id");
    if (intentId == null) {
      return Future.succeededFuture(payment);
    }
    return payments.provider.retrieveIntent(intentId)
      .recover(e -> Future.failedFuture(ProviderException.asProblem(e, "asking for the payment's status")))
      .compose(payments.ledger::apply)
      .compose(change -> reads.row(payment.getUUID("id"), null));
  }

  private static boolean admin(RoutingContext ctx) {
    return Roles.has(ctx, Roles.ADMIN);
  }

  /** Admins read any payment; everyone else only their own (another's is not found). */
  private static UUID ownerFilter(RoutingContext ctx) {
    return admin(ctx) ? null : caller(ctx);
  }

  private static boolean isPayer(RoutingContext ctx, Row payment) {
    return payment.getUUID("user_id").equals(caller(ctx));
  }

  private static UUID caller(RoutingContext ctx) {
    return UUID.fromString(Roles.userId(ctx));
  }
}
