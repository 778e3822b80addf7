package io.surge.flashsale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where a sale's gate lives when it is split into {@code flashSales.gateBuckets} buckets, so one hot sale is not one
 * Redis thread. Bucket {@code i} is the hash {@code surge:fs:{<sale id>:<n>}} with its {@code :users}, {@code :keys},
 * {@code :lent} and {@code :received} hashes: its share of the units and the per-buyer counts and idempotency keys of
 * the buyers hashed to it, so a decision is still one script on one slot and a buyer's limit is in one place.
 *
 * <p>The number {@code n} in the hash tag is the smallest one whose slot (CRC16 of {@code <sale id>:<n>} mod 16384,
 * what {@code CLUSTER KEYSLOT} answers) lies near the middle of the bucket's K-th of the slot space: on a 3-master
 * cluster with the slots split evenly (what {@code redis-cli --cluster create} does) K = 2 and K = 3 put every bucket
 * on a different master and K = 4 uses all three; on any layout the buckets have different slots. One bucket keeps
 * the layout the gate has always had ({@code surge:fs:{<sale id>}}).
 */
final class GateBuckets {

  static final int SLOTS = 16_384;

  private final int count;
  /** Per sale, each bucket's hash tag (a few CRC16s to find; a purchase needs one). */
  private final Cache<UUID, String[]> tags = Caffeine.newBuilder().maximumSize(10_000).build();

  GateBuckets(int count) {
    if (count < 1 || count > 64) {
      throw new IllegalArgumentException("flashSales.gateBuckets must be 1 to 64, not " + count);
    }
    this.count = count;
  }

  int count() {
    return count;
  }

  /** The bucket of a buyer: always the same one, so their count and keys are in one place. */
  int of(String userId) {
    int h = userId.hashCode();
    return Math.floorMod(h ^ (h >>> 16), count);
  }

  /** {@code surge:fs:{<id>}} for one bucket, else {@code surge:fs:{<id>:<n>}}. */
  String base(UUID saleId, int bucket) {
    if (count == 1) {
      return FlashGate.base(saleId);
    }
    return "surge:fs:{" + tags.get(saleId, id -> {
      String[] all = new String[count];
      for (int i = 0; i < count; i++) {
        all[i] = tag(id, i, count);
      }
      return all;
    })[bucket] + "}";
  }

  /**
   * The gate's three keys in a bucket: its hash, buyers' units, answered keys. They share one hash tag: every script
   * touches all three, so on a Redis Cluster they must share one slot (the braces pick the part that is hashed; on one
   * Redis they are only part of the name).
   */
  List<String> keys(UUID saleId, int bucket) {
    String base = base(saleId, bucket);
    return List.of(base, base + ":users", base + ":keys");
  }

  /** Every key of a bucket, the transfer records too (what a rebuild deletes). */
  List<String> allKeys(UUID saleId, int bucket) {
    List<String> keys = new ArrayList<>(keys(saleId, bucket));
    if (count > 1) {
      keys.add(lent(saleId, bucket));
      keys.add(received(saleId, bucket));
    }
    return keys;
  }

  /** Transfers this bucket lent and that are not yet known to be received: id -> home|units|epoch. */
  String lent(UUID saleId, int bucket) {
    return base(saleId, bucket) + ":lent";
  }

  /** Transfers this bucket received (id -> units): a transfer is credited once however often it is delivered. */
  String received(UUID saleId, int bucket) {
    return base(saleId, bucket) + ":received";
  }

  /** The hash tag of bucket {@code i} of {@code k}: {@code <sale>:<n>}, n the first whose slot is in the bucket's band. */
  static String tag(UUID saleId, int bucket, int k) {
    int width = SLOTS / k;
    int middle = bucket * width + width / 2;
    int half = Math.max(1, width / 8);
    String sale = saleId.toString();
    for (int n = 0;; n++) {
      String tag = sale + ":" + n;
      int slot = slot(tag);
      if (slot >= middle - half && slot < middle + half) {
        return tag;
      }
    }
  }

  /** Redis Cluster's key slot of a hash tag: CRC16 (XMODEM: polynomial 0x1021, initial 0) mod 16384. */
  static int slot(String tag) {
    int crc = 0;
    for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
      crc ^= (b & 0xff) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc % SLOTS;
  }
}
