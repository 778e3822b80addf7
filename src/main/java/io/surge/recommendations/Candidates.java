package io.surge.recommendations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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

  /** The first {@code limit} candidates that can be sold, as list items. */
  JsonArray items(Map<UUID, JsonObject> sellable, int limit) {
    JsonArray items = new JsonArray();
    for (Map.Entry<UUID, Reason> candidate : ordered.entrySet()) {
      if (items.size() == limit) {
        break;
      }
      JsonObject card = sellable.get(candidate.getKey());
      if (card != null) {
        items.add(card.copy().put("reason", candidate.getValue().json()));
      }
    }
    return items;
  }
}
