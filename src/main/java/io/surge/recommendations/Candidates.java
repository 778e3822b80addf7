package io.surge.recommendations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A list in the making: products in the order they should be shown, each with the first reason that put it
 * there. Excluded products (bought already, in the cart, the product itself) and repeats are dropped as they
 * come, so every source can be added whole.
 */
final class Candidates {

  private final Set<UUID> excluded;
  private final Map<UUID, Reason> ordered = new LinkedHashMap<>();

  Candidates(Set<UUID> excluded) {
    this.excluded = excluded;
  }

  Candidates add(Iterable<UUID> products, Reason reason) {
    for (UUID product : products) {
      add(product, reason);
    }
    return this;
  }

  Candidates add(UUID product, Reason reason) {
    if (product != null && !excluded.contains(product)) {
      ordered.putIfAbsent(product, reason);
    }
    return this;
  }

  List<UUID> products() {
    return new ArrayList<>(ordered.keySet());
  }

  /** The first {@code upTo} candidates; {@code whole}: the list has none beyond them. */
  Shortlist first(int upTo, boolean whole) {
    UUID[] products = new UUID[upTo];
    Reason[] reasons = new Reason[upTo];
    int i = 0;
    for (Map.Entry<UUID, Reason> candidate : ordered.entrySet()) {
      if (i == upTo) {
        break;
      }
      products[i] = candidate.getKey();
      reasons[i++] = candidate.getValue();
    }
    return new Shortlist(products, reasons, whole);
  }
}
