package io.surge.flashsale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a bucketed gate's keys land: Redis Cluster's slot function, bands per bucket, a buyer's fixed bucket. */
class GateBucketsTest {

  @Test
  @DisplayName("slot() is Redis Cluster's CRC16 mod 16384 (the values CLUSTER KEYSLOT answers)")
  void slotIsRedisClusterKeySlot() {
    assertEquals(12_182, GateBuckets.slot("foo"));
    assertEquals(12_739, GateBuckets.slot("123456789"));
    assertEquals(5_061, GateBuckets.slot("bar"));
  }

  @Test
  @DisplayName("one bucket keeps the gate's old keys; K buckets get K different slots, each in its band of the slot space")
  void bucketsSpreadOverTheSlotSpace() {
    UUID sale = UUID.randomUUID();
    assertEquals("surge:fs:{" + sale + "}", new GateBuckets(1).base(sale, 0));
    for (int k : new int[] {2, 3, 4, 8}) {
      GateBuckets buckets = new GateBuckets(k);
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < k; i++) {
        String base = buckets.base(sale, i);
        String tag = base.substring(base.indexOf('{') + 1, base.indexOf('}'));
        int slot = GateBuckets.slot(tag);
        int width = GateBuckets.SLOTS / k;
        assertTrue(slot >= i * width && slot < (i + 1) * width, k + " buckets: bucket " + i + " at slot " + slot);
        slots.add(slot);
      }
      assertEquals(k, slots.size());
    }
    // a 3-master cluster split evenly (0-5460, 5461-10922, 10923-16383): 2 buckets on 2 masters, 3 on 3, 4 on 3
    for (int k : new int[] {2, 3, 4}) {
      Set<Integer> masters = new HashSet<>();
      for (int i = 0; i < k; i++) {
        String base = new GateBuckets(k).base(sale, i);
        masters.add(GateBuckets.slot(base.substring(base.indexOf('{') + 1, base.indexOf('}'))) * 3 / GateBuckets.SLOTS);
      }
      assertEquals(Math.min(k, 3), masters.size(), k + " buckets");
    }
  }

  @Test
  @DisplayName("a buyer always has the same bucket, and buyers spread over all of them")
  void buyersHashToOneBucket() {
    GateBuckets buckets = new GateBuckets(4);
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      String user = UUID.randomUUID().toString();
      assertEquals(buckets.of(user), new GateBuckets(4).of(user));
      counts[buckets.of(user)]++;
    }
    for (int count : counts) {
      assertTrue(count > 800, java.util.Arrays.toString(counts));
    }
  }
}
