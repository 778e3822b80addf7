package io.surge.users;

import io.micrometer.core.instrument.Counter;
import io.surge.auth.SecuritySettings;
import io.surge.http.ApiException;
import io.surge.observability.Meters;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * Counts failed password checks (logins, and the current password of a password change) in Redis, so the limits hold
 * across instances, within a window that starts at the first failure. Three counters, each with its own limit:
 * <ul>
 * <li>one account from one client address: a guesser there is stopped quickly;</li>
 * <li>one client address, whatever the account: credential stuffing from one place;</li>
 * <li>one account from every address: a guesser spread over many addresses. This one does not apply to an address
 * the account logged in from before (kept 30 days), so the owner still gets in while an attacker is throttled.</li>
 * </ul>
 * Over a limit, the check answers 429 with Retry-After (the counter's remaining window), even to the right password.
 */
final class LoginThrottle {

  private static final Counter FAILURES = Counter.builder("surge.login.failures")
    .description("Log-ins refused for a wrong email or password").register(Meters.registry());
  private static final Counter THROTTLED = Counter.builder("surge.login.throttled")
    .description("Log-ins refused with 429 by the throttle, before the password was checked")
    .register(Meters.registry());

  private static final int KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600;

  /** KEYS: counters; ARGV[1]: window. Increments each key and starts its window on the first failure. */
  private static final String RECORD = """
    for i, key in ipairs(KEYS) do
      if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[1]) end
    end
    return 1""";
  /**
   * KEYS: pair counter, account counter, known addresses; ARGV: pair limit, account limit, address. The milliseconds
   * left on the counter that blocks, or 0.
   */
  private static final String CHECK = """
    local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
    if pair >= tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
    local account = tonumber(redis.call('GET', KEYS[2]) or '0')
    if account >= tonumber(ARGV[2]) and redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 0 then
      return math.max(1, redis.call('PTTL', KEYS[2]))
    end
    return 0""";
  /** KEYS: pair counter, known addresses; ARGV: address, how long it stays known. */
  private static final String SUCCEEDED = """
    redis.call('DEL', KEYS[1])
    redis.call('SADD', KEYS[2], ARGV[1])
    redis.call('EXPIRE', KEYS[2], ARGV[2])
    return 1""";

  private final RedisAPI redis;
  private final int maxPerAccountAndAddress;
  private final int maxPerAddress;
  private final int maxPerAccount;
  private final int windowSeconds;

  LoginThrottle(RedisAPI redis, SecuritySettings security) {
    this.redis = redis;
    this.maxPerAccountAndAddress = security.loginMaxFailures();
    this.maxPerAddress = security.loginMaxFailuresPerAddress();
    this.maxPerAccount = security.loginMaxFailuresPerAccount();
    this.windowSeconds = security.loginWindowSeconds();
  }

  /** Fails with 429 when this account from this address, or this address, or (from a new address) this account is over its limit. */
  Future<Void> check(String account, String ip) {
    Future<Response> accountSide = redis.eval(List.of(CHECK, "3", pairKey(account, ip), accountKey(account),
      knownKey(account), Integer.toString(maxPerAccountAndAddress), Integer.toString(maxPerAccount), ip));
    Future<Response> addressSide = redis.get(addressKey(ip));
    return Future.all(accountSide, addressSide).compose(both -> {
      long blockedMillis = accountSide.result() == null ? 0 : accountSide.result().toLong();
      Response failures = addressSide.result();
      if (blockedMillis == 0 && failures != null && failures.toInteger() >= maxPerAddress) {
        return redis.pttl(addressKey(ip)).compose(ttl -> refuse(ttl == null ? -1 : ttl.toLong()));
      }
      return blockedMillis > 0 ? refuse(blockedMillis) : Future.succeededFuture();
    });
  }

  Future<Void> recordFailure(String account, String ip) {
    FAILURES.increment();
    String window = Integer.toString(windowSeconds);
    return Future.all(
      redis.eval(List.of(RECORD, "2", pairKey(account, ip), accountKey(account), window)),
      redis.eval(List.of(RECORD, "1", addressKey(ip), window))).mapEmpty();
  }

  /** The right password from this address: its own counter starts again, and the address is known from now on. */
  Future<Void> succeeded(String account, String ip) {
    return redis.eval(List.of(SUCCEEDED, "2", pairKey(account, ip), knownKey(account), ip,
      Integer.toString(KNOWN_ADDRESS_SECONDS))).mapEmpty();
  }

  private Future<Void> refuse(long millis) {
    THROTTLED.increment();
    long seconds = millis <= 0 ? windowSeconds : (millis + 999) / 1000;
    return Future.failedFuture(ApiException.tooManyRequests(Math.max(1, seconds)));
  }

  // The account's keys share a hash tag, so the scripts touch one Redis Cluster slot.
  private static String pairKey(String account, String ip) {
    return "surge:login-failures:{" + account + "}:from:" + ip;
  }

  private static String accountKey(String account) {
    return "surge:login-failures:{" + account + "}";
  }

  private static String knownKey(String account) {
    return "surge:login-known:{" + account + "}";
  }

  private static String addressKey(String ip) {
    return "surge:login-failures:ip:" + ip;
  }
}
