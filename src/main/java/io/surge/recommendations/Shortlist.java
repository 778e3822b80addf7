package io.surge.recommendations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The head of a list in the making: its first products in order, each with its reason, enough to fill the list
 * when they were read. {@code whole} when the list has nothing beyond them; otherwise a list they no longer fill
 * (products archived or sold out since) has to be made again.
 */
record Shortlist(UUID[] products, Reason[] reasons, boolean whole) {

  List<UUID> productList() {
    return Arrays.asList(products);
  }

  /** The first {@code limit} products that can be sold, as list items. */
  JsonArray items(Map<UUID, JsonObject> sellable, int limit) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < products.length && items.size() < limit; i++) {
      JsonObject card = sellable.get(products[i]);
      if (card != null) {
        items.add(card.copy().put("reason", reasons[i].json()));
      }
    }
    return items;
  }

  /** Whether these cards fill a list of {@code limit} as the list would be made now. */
  boolean fills(JsonArray items, int limit) {
    return whole || items.size() >= limit;
  }
}
