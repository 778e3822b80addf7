package io.surge.orders;

import io.surge.http.ApiException;
import io.surge.http.IdempotencyInTransaction;
import io.surge.observability.OutcomeCounters;
import io.vertx.core.AsyncResult;

import java.util.Arrays;
import java.util.Locale;

/** Orders' business meters: checkouts by outcome, committed moves by transition. */
public final class OrderMeters {

  static final OutcomeCounters CHECKOUTS = OutcomeCounters.of("surge.checkouts",
    "Checkouts: placed, refused for a reason the customer can act on (4xx), or failed", "outcome",
    "placed", "rejected", "error");
  static final OutcomeCounters TRANSITIONS = OutcomeCounters.of("surge.order.transitions",
    "Committed order moves", "transition",
    Arrays.stream(OrderStatus.Transition.values()).map(OrderMeters::label).toArray(String[]::new));

  private OrderMeters() {
  }

  /** Registers the meters now (class initialisation): dashboards and alert ratios see 0, not "no data". */
  static void register() {
    // nothing more: calling it initialises the class, which registers the meters
  }

  static void checkout(AsyncResult<?> result) {
    if (result.failed() && IdempotencyInTransaction.answeredBefore(result.cause())) {
      return; // a replay of a checkout counted when it was first answered
    }
    CHECKOUTS.count(result.succeeded() ? "placed"
      : result.cause() instanceof ApiException e && e.status() < 500 ? "rejected" : "error");
  }

  static void transition(OrderStatus.Transition transition) {
    TRANSITIONS.count(label(transition));
  }

  private static String label(OrderStatus.Transition transition) {
    return transition.name().toLowerCase(Locale.ROOT);
  }
}
