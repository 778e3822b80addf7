package io.surge.flashsale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;

/**
 * Token buckets per buyer and per client IP, in memory and shared by this process's event loops:
 * a stampede's abusive share is turned away (429) before any I/O. Across instances each process
 * keeps its own buckets, so the allowance scales with the instance count.
 */
final class BuyerLimits {

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double burst) {
      this.tokens = burst;
      this.refilledAt = System.nanoTime();
    }

    synchronized boolean take(double ratePerSecond, double burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private record Shared(Cache<String, Bucket> buckets) implements Shareable {
  }

  private final Cache<String, Bucket> buckets;
  private final double userRate;
  private final double userBurst;
  private final double ipRate;
  private final double ipBurst;

  BuyerLimits(Vertx vertx, FlashSaleSettings settings) {
    Shared shared = (Shared) vertx.sharedData().getLocalMap("surge.flashsale").computeIfAbsent("buckets",
      k -> new Shared(Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(1)).build()));
    this.buckets = shared.buckets();
    this.userRate = settings.userRatePerSecond();
    this.userBurst = settings.userBurst();
    this.ipRate = settings.ipRatePerSecond();
    this.ipBurst = settings.ipBurst();
  }

  /** True when both the buyer and the address still have a token. */
  boolean allow(String userId, String ip) {
    return take("u:" + userId, userRate, userBurst) && (ipRate <= 0 || take("ip:" + ip, ipRate, ipBurst));
  }

  private boolean take(String key, double rate, double burst) {
    return buckets.get(key, k -> new Bucket(burst)).take(rate, burst);
  }
}
