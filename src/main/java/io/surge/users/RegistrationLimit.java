package io.surge.users;

import io.surge.auth.SecuritySettings;
import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.util.List;

/**
 * New-account attempts per client address within a window, counted in Redis (so the limit holds across instances):
 * beyond it 429 with Retry-After, before any password is hashed. 0 turns it off.
 */
final class RegistrationLimit {

  /** KEYS[1]: the address's counter; ARGV: window, limit. Seconds to wait, or 0. */
  private static final String TAKE = """
    local n = redis.call('INCR', KEYS[1])
    if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    if n > tonumber(ARGV[2]) then return math.max(1, redis.call('TTL', KEYS[1])) end
    return 0""";

  private final RedisAPI redis;
  private final int max;
  private final int windowSeconds;

  RegistrationLimit(RedisAPI redis, SecuritySettings security) {
    this.redis = redis;
    this.max = security.registrationsPerAddress();
    this.windowSeconds = security.registrationWindowSeconds();
  }

  Future<Void> take(String ip) {
    if (max <= 0) {
      return Future.succeededFuture();
    }
    return redis.eval(List.of(TAKE, "1", "surge:registrations:ip:" + ip, Integer.toString(windowSeconds),
      Integer.toString(max))).compose(
        wait -> wait == null || wait.toLong() == 0 ? Future.succeededFuture()
          : Future.failedFuture(ApiException.tooManyRequests(wait.toLong())));
  }
}
