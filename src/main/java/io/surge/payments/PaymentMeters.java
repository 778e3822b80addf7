package io.surge.payments;

import io.micrometer.core.instrument.Timer;
import io.surge.observability.Meters;
import io.surge.observability.OutcomeCounters;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Payments' business meters: payment moves, refunds, webhooks, and the provider's latency per call. */
final class PaymentMeters {

  static final OutcomeCounters PAYMENTS = OutcomeCounters.of("surge.payments",
    "Payments moved to a status (committed)", "status",
    Arrays.stream(PaymentStatus.values()).map(PaymentStatus::db).toArray(String[]::new));
  static final OutcomeCounters REFUNDS = OutcomeCounters.of("surge.refunds",
    "Refunds asked of the provider, by its answer", "outcome", "succeeded", "pending", "failed", "error");
  static final OutcomeCounters WEBHOOKS = OutcomeCounters.of("surge.payment.webhooks",
    "Payment webhook deliveries: accepted (handled or duplicate) or rejected, by reason", "outcome",
    "accepted", "bad_signature", "invalid", "error");

  static final List<String> OPERATIONS = List.of("create_intent", "retrieve_intent", "cancel_intent", "refund",
    "list_refunds", "list_intents");
  private static final Map<String, Timer> PROVIDER = new HashMap<>();

  static {
    for (String operation : OPERATIONS) {
      for (String outcome : List.of("ok", "error")) {
        PROVIDER.put(operation + outcome, Timer.builder("surge.payment.provider")
          .description("Calls to the payment provider, answer or failure").tag("operation", operation)
          .tag("outcome", outcome).register(Meters.registry()));
      }
    }
  }

  private PaymentMeters() {
  }

  /** Registers the meters now (class initialisation): dashboards and alert ratios see 0, not "no data". */
  static void register() {
    // nothing more: calling it initialises the class, which registers the meters
  }

  static Timer provider(String operation, boolean ok) {
    return PROVIDER.get(operation + (ok ? "ok" : "error"));
  }
}
