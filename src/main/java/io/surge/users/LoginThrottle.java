package io.surge.users;

import io.surge.auth.SecuritySettings;
import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * Counts failed logins per account and per client IP in Redis (so the limit holds across
 * instances). Once either reaches the limit within the window, logins answer 429 with Retry-After.
 */
final class LoginThrottle {

  /** Increments each key and starts its window on the first failure. */
  private static final String RECORD = """
    for i, key in ipairs(KEYS) do
      if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[1]) end
    end
    return 1""";

  private final RedisAPI redis;
  private final int maxFailures;
  private final int windowSeconds;

  LoginThrottle(RedisAPI redis, SecuritySettings security) {
    this.redis = redis;
    this.maxFailures = security.loginMaxFailures();
    this.windowSeconds = security.loginWindowSeconds();
  }

  /** Fails with 429 when the account or the IP is locked out. */
  Future<Void> check(String email, String ip) {
    String account = accountKey(email);
    String address = ipKey(ip);
    return redis.mget(List.of(account, address)).compose(counts -> {
      String blocked = overLimit(counts.get(0)) ? account : overLimit(counts.get(1)) ? address : null;
      if (blocked == null) {
        return Future.succeededFuture();
      }
      return redis.ttl(blocked).compose(ttl -> Future.failedFuture(
        ApiException.tooManyRequests(Math.max(1, ttl == null ? windowSeconds : ttl.toLong()))));
    });
  }

  Future<Void> recordFailure(String email, String ip) {
    return redis.eval(List.of(RECORD, "2", accountKey(email), ipKey(ip), Integer.toString(windowSeconds))).mapEmpty();
  }

  Future<Void> clearAccount(String email) {
    return redis.del(List.of(accountKey(email))).mapEmpty();
  }

  private boolean overLimit(Response count) {
    return count != null && count.toInteger() >= maxFailures;
  }

  private static String accountKey(String email) {
    return "surge:login-failures:account:" + email;
  }

  private static String ipKey(String ip) {
    return "surge:login-failures:ip:" + ip;
  }
}
