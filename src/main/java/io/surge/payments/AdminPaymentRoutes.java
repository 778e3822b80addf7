package io.surge.payments;

import io.surge.auth.Roles;
import io.surge.http.ApiException;
import io.surge.http.Idempotency;
import io.surge.http.Ids;
import io.surge.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Staff side: refunds, reconciliation on demand, and what reconciliation could not fix. */
final class AdminPaymentRoutes {

  private final Payments payments;
  private final PaymentReads reads;
  private final Idempotency idempotency;

  AdminPaymentRoutes(Payments payments, PaymentReads reads, Idempotency idempotency) {
    this.payments = payments;
    this.reads = reads;
    this.idempotency = idempotency;
  }

  void mount(RouterBuilder api) {
    api.getRoute("adminRefundPayment").addHandler(Roles.require(Roles.ADMIN)).addHandler(idempotency.handler(true))
      .addHandler(this::refund);
    api.getRoute("adminReconcilePayments").addHandler(Roles.require(Roles.ADMIN)).addHandler(this::reconcile);
    api.getRoute("adminListPaymentDiscrepancies").addHandler(Roles.require(Roles.ADMIN))
      .addHandler(this::discrepancies);
  }

  private void refund(RoutingContext ctx) {
    UUID paymentId = Ids.parse(ctx.pathParam("id"), "The payment");
    JsonObject body = ctx.body().asJsonObject();
    String key = ctx.request().getHeader(Idempotency.HEADER);
    payments.refunds.refund(paymentId, body.getLong("amount"), body.getString("reason"),
      Refunds.Goods.returned(body.getBoolean("goods_returned", false)), key, "admin", Refunds.OrderUpdate.MOVE_ORDER)
      .compose(refund -> reads.one(paymentId, null, PaymentReads.Reader.STAFF).map(payment -> {
        Replies.created(ctx, "/api/v1/payments/" + paymentId, new JsonObject()
          .put("refund", PaymentJson.refund(refund, payment.getJsonObject("amount").getString("currency")))
          .put("payment", payment));
        return null;
      }))
      .onFailure(ctx::fail);
  }

  /** Body (optional): {@code from}, {@code to}; default the configured window up to now. */
  private void reconcile(RoutingContext ctx) {
    JsonObject body = ctx.body() == null || ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    Instant to = instant(body, "to", Instant.now().plusSeconds(1));
    Instant from = instant(body, "from", null);
    (from == null ? payments.reconciliation.run() : payments.reconciliation.run(from, to))
      .onSuccess(result -> {
        if (result == null) {
          ctx.fail(ApiException.conflict(PaymentErrors.RECONCILIATION_RUNNING,
            "A reconciliation is running; try again when it is done."));
        } else {
          Replies.ok(ctx, result);
        }
      })
      .onFailure(e -> ctx.fail(ProviderException.asProblem(e, "listing payments")));
  }

  private void discrepancies(RoutingContext ctx) {
    payments.reconciliation.openDiscrepancies(100)
      .onSuccess(items -> Replies.ok(ctx, new JsonObject().put("items", items)))
      .onFailure(ctx::fail);
  }

  private static Instant instant(JsonObject body, String field, Instant fallback) {
    String value = body.getString(field);
    try {
      return value == null ? fallback : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, "format", field + " must be an RFC 3339 date-time.");
    }
  }
}
