package io.surge.payments;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the payments domain's HTTP operations. */
public final class PaymentsApi {

  private PaymentsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    PaymentSettings settings = PaymentSettings.from(infra.config());
    Payments payments = new Payments(infra.vertx(), infra.pg(), settings);
    PaymentReads reads = new PaymentReads(infra.vertx(), infra.pg(), settings.publishableKey(),
      settings.paymentPageUrl());
    new PaymentRoutes(payments, reads, infra.idempotency()).mount(api);
    new AdminPaymentRoutes(payments, reads, infra.idempotency()).mount(api);
    new PaymentWebhook(payments.ledger, settings).mount(api);
  }
}
