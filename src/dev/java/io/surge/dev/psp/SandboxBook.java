package io.surge.dev.psp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox's memory: intents and refunds in Stripe's wire shape, and counters tests read
 * ({@code GET /sandbox/stats}). Touched only on the sandbox server's event loop.
 */
final class SandboxBook {

  final Map<String, JsonObject> intents = new LinkedHashMap<>();
  final Map<String, List<JsonObject>> refunds = new LinkedHashMap<>();
  final Map<String, Integer> callsPerKey = new LinkedHashMap<>();
  int createCalls;
  int refundCalls;

  static String id(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  JsonObject newIntent(long amount, String currency, JsonObject metadata, String checkoutBase) {
    String id = id("pi");
    JsonObject intent = new JsonObject()
      .put("id", id)
      .put("object", "payment_intent")
      .put("amount", amount)
      .put("amount_received", 0L)
      .put("amount_refunded", 0L)
      .put("currency", currency)
      .put("status", "requires_payment_method")
      .put("client_secret", id + "_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
      .put("checkout_url", checkoutBase + "/sandbox/pay/" + id)
      .put("metadata", metadata)
      .put("created", System.currentTimeMillis() / 1000)
      .put("livemode", false)
      .putNull("last_payment_error")
      .putNull("latest_charge");
    intents.put(id, intent);
    return intent;
  }

  /** The charge behind a succeeded intent, with all its refunds (what charge.refunded carries). */
  JsonObject charge(JsonObject intent) {
    List<JsonObject> list = refunds.getOrDefault(intent.getString("id"), List.of());
    long refunded = intent.getLong("amount_refunded");
    return new JsonObject()
      .put("id", intent.getString("latest_charge"))
      .put("object", "charge")
      .put("payment_intent", intent.getString("id"))
      .put("amount", intent.getLong("amount"))
      .put("amount_captured", intent.getLong("amount_received"))
      .put("amount_refunded", refunded)
      .put("currency", intent.getString("currency"))
      .put("refunded", refunded == intent.getLong("amount_received"))
      .put("status", "succeeded")
      .put("metadata", intent.getJsonObject("metadata"))
      .put("refunds", new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(list))));
  }

  JsonObject addRefund(JsonObject intent, long amount, JsonObject metadata) {
    JsonObject refund = new JsonObject()
      .put("id", id("re"))
      .put("object", "refund")
      .put("amount", amount)
      .put("currency", intent.getString("currency"))
      .put("payment_intent", intent.getString("id"))
      .put("charge", intent.getString("latest_charge"))
      .put("status", "succeeded")
      .put("metadata", metadata)
      .put("created", System.currentTimeMillis() / 1000);
    refunds.computeIfAbsent(intent.getString("id"), k -> new ArrayList<>()).add(refund);
    intent.put("amount_refunded", intent.getLong("amount_refunded") + amount);
    return refund;
  }

  int refundCount() {
    return refunds.values().stream().mapToInt(List::size).sum();
  }

  void clear() {
    intents.clear();
    refunds.clear();
    callsPerKey.clear();
    createCalls = 0;
    refundCalls = 0;
  }
}
