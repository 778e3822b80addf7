package io.surge.dev.psp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox's memory: intents and refunds in Stripe's wire shape (API version 2023-08-16, checked against
 * Stripe's own description in the tests), and counters tests read ({@code GET /sandbox/stats}). Touched only on
 * the sandbox server's event loop.
 */
final class SandboxBook {

  final Map<String, JsonObject> intents = new LinkedHashMap<>();
  final Map<String, JsonObject> refunds = new LinkedHashMap<>();
  final Map<String, Integer> callsPerKey = new LinkedHashMap<>();
  final Map<String, Integer> calls = new LinkedHashMap<>();
  final Map<String, Integer> versions = new LinkedHashMap<>();
  /** Every API request: operation, path, parameter names (what the recorded-exchange test checks). */
  final JsonArray requests = new JsonArray();
  int createCalls;
  int refundCalls;

  static String id(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  JsonObject newIntent(long amount, String currency, JsonObject metadata, String captureMethod) {
    String id = id("pi");
    JsonObject intent = new JsonObject()
      .put("id", id)
      .put("object", "payment_intent")
      .put("amount", amount)
      .put("amount_capturable", 0L)
      .put("amount_received", 0L)
      .put("automatic_payment_methods", new JsonObject().put("enabled", true))
      .putNull("canceled_at")
      .putNull("cancellation_reason")
      .put("capture_method", captureMethod)
      .put("client_secret", id + "_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
      .put("confirmation_method", "automatic")
      .put("created", now())
      .put("currency", currency)
      .putNull("description")
      .putNull("last_payment_error")
      .putNull("latest_charge")
      .put("livemode", false)
      .put("metadata", metadata)
      .putNull("next_action")
      .putNull("payment_method")
      .put("payment_method_types", new JsonArray().add("card").add("sepa_debit"))
      .putNull("processing")
      .put("status", "requires_payment_method");
    intents.put(id, intent);
    return intent;
  }

  /**
   * The charge behind a succeeded intent, as {@code charge.refunded} carries it on 2023-08-16: its
   * {@code refunds} list is not included (only when expanded, since 2022-11-15).
   */
  JsonObject charge(JsonObject intent) {
    long refunded = refunded(intent.getString("id"));
    return new JsonObject()
      .put("id", intent.getString("latest_charge"))
      .put("object", "charge")
      .put("amount", intent.getLong("amount"))
      .put("amount_captured", intent.getLong("amount_received"))
      .put("amount_refunded", refunded)
      .put("billing_details", new JsonObject().putNull("address").putNull("email").putNull("name").putNull("phone"))
      .put("captured", true)
      .put("created", intent.getLong("created"))
      .put("currency", intent.getString("currency"))
      .put("disputed", false)
      .put("livemode", false)
      .put("metadata", intent.getJsonObject("metadata"))
      .put("paid", true)
      .put("payment_intent", intent.getString("id"))
      .put("refunded", refunded == intent.getLong("amount_received"))
      .put("status", "succeeded");
  }

  /** A refund, {@code pending} or {@code succeeded}; the intent's money is spoken for either way. */
  JsonObject addRefund(JsonObject intent, long amount, JsonObject metadata, String status) {
    JsonObject refund = new JsonObject()
      .put("id", id("re"))
      .put("object", "refund")
      .put("amount", amount)
      .putNull("balance_transaction")
      .put("charge", intent.getString("latest_charge"))
      .put("created", now())
      .put("currency", intent.getString("currency"))
      .put("metadata", metadata)
      .put("payment_intent", intent.getString("id"))
      .putNull("reason")
      .putNull("receipt_number")
      .putNull("source_transfer_reversal")
      .put("status", status)
      .putNull("transfer_reversal");
    refunds.put(refund.getString("id"), refund);
    return refund;
  }

  /** What can still be refunded: received, less every refund not failed or canceled. */
  long refundable(JsonObject intent) {
    return intent.getLong("amount_received") - spoken(intent.getString("id"));
  }

  private long spoken(String intentId) {
    return refunds.values().stream().filter(r -> intentId.equals(r.getString("payment_intent")))
      .filter(r -> !"failed".equals(r.getString("status")) && !"canceled".equals(r.getString("status")))
      .mapToLong(r -> r.getLong("amount")).sum();
  }

  /** Succeeded refunds only: what the charge reports as refunded. */
  long refunded(String intentId) {
    return refunds.values().stream().filter(r -> intentId.equals(r.getString("payment_intent")))
      .filter(r -> "succeeded".equals(r.getString("status"))).mapToLong(r -> r.getLong("amount")).sum();
  }

  List<JsonObject> refundsOf(String intentId) {
    List<JsonObject> list = new ArrayList<>();
    refunds.values().stream().filter(r -> intentId.equals(r.getString("payment_intent"))).forEach(list::add);
    java.util.Collections.reverse(list);
    return list;
  }

  /** Stripe's list envelope. */
  static JsonObject list(String url, List<JsonObject> page, boolean hasMore) {
    return new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(page)))
      .put("has_more", hasMore).put("url", url);
  }

  void record(String operation, String path, java.util.Set<String> params, boolean keyed) {
    calls.merge(operation, 1, Integer::sum);
    requests.add(new JsonObject().put("operation", operation).put("path", path)
      .put("params", new JsonArray(new ArrayList<>(params))).put("idempotency_key", keyed));
  }

  void clear() {
    requests.clear();
    intents.clear();
    refunds.clear();
    callsPerKey.clear();
    calls.clear();
    versions.clear();
    createCalls = 0;
    refundCalls = 0;
  }
}
