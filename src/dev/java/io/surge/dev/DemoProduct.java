package io.surge.dev;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/** One generated demo product with its SKUs (prices in EUR minor units). */
record DemoProduct(UUID id, String slug, String title, String description, String brand, String categorySlug,
  JsonObject attributes, String status, long popularity, List<Sku> skus) {

  record Sku(UUID id, String code, JsonObject options, long price, Long compareAt, int weightGrams, int onHand) {
  }
}
