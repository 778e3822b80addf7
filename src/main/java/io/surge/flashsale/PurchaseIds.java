package io.surge.flashsale;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A flash purchase's and its order's ids, named by sale, buyer and Idempotency-Key. */
final class PurchaseIds {

  private PurchaseIds() {
  }

  /**
   * The same sale, buyer and Idempotency-Key always name the same purchase (and {@link #order} the same order).
   * A Kafka-intake send that failed for the producer (a broker lost mid-request, a timeout) may still have reached
   * the topic: the buyer was told 503 and retries with the key, and that retry must be the purchase the consumer
   * writes, not a second one it drops as a replay of the key (a 202 whose id never becomes an order). Name-based
   * UUIDs (RFC 4122 version 3) over ids PostgreSQL already holds unique per (sale, user, key).
   */
  static UUID purchase(UUID saleId, String userId, String key) {
    return UUID.nameUUIDFromBytes(("surge flash purchase|" + saleId + "|" + userId + "|" + key)
      .getBytes(StandardCharsets.UTF_8));
  }

  static UUID order(UUID saleId, String userId, String key) {
    return UUID.nameUUIDFromBytes(("surge flash order|" + saleId + "|" + userId + "|" + key)
      .getBytes(StandardCharsets.UTF_8));
  }
}
