package io.surge.flashsale;

import io.surge.flashsale.PurchaseWriter.Reservation;
import io.surge.flashsale.PurchaseWriter.Result;
import io.surge.flashsale.PurchaseWriter.Written;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL's second opinion on one sale's share of a batch, on plain values: given what is committed (units
 * left, purchases already made per (buyer, key), units bought per buyer), each reservation in arrival order is
 * a replay, over the per-user limit, sold out, or written. Earlier ones in the batch count for later ones.
 */
final class PurchaseDecision {

  /** A buyer's idempotency key: one purchase per (buyer, key). */
  record BuyerKey(UUID userId, String key) {
  }

  /** Each reservation's outcome (in arrival order) and the reservations to write. */
  record Decided(List<Written> outcomes, List<Reservation> accepted) {
  }

  private PurchaseDecision() {
  }

  static Decided decide(int remaining, Map<BuyerKey, Written> earlier, Map<UUID, Integer> boughtByUser,
    List<Reservation> arrivals) {
    Map<BuyerKey, Written> answered = new HashMap<>(earlier);
    Map<UUID, Integer> bought = new HashMap<>(boughtByUser);
    List<Written> outcomes = new ArrayList<>(arrivals.size());
    List<Reservation> accepted = new ArrayList<>();
    int left = remaining;
    for (Reservation r : arrivals) {
      BuyerKey buyerKey = new BuyerKey(r.userId(), r.key());
      Written before = answered.get(buyerKey);
      Written outcome;
      if (before != null) {
        outcome = new Written(Result.REPLAYED, before.purchaseId(), before.orderId());
      } else if (bought.getOrDefault(r.userId(), 0) + r.quantity() > r.sale().perUserLimit()) {
        outcome = new Written(Result.OVER_LIMIT, null, null);
      } else if (left < r.quantity()) {
        outcome = new Written(Result.SOLD_OUT, null, null);
      } else {
        left -= r.quantity();
        bought.merge(r.userId(), r.quantity(), Integer::sum);
        accepted.add(r);
        outcome = new Written(Result.WRITTEN, r.purchaseId(), r.orderId());
        answered.put(buyerKey, outcome);
      }
      outcomes.add(outcome);
    }
    return new Decided(outcomes, accepted);
  }
}
