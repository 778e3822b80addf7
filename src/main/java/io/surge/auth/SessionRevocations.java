package io.surge.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.auth.User;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Ends sessions before their access tokens expire. An entry is a "not before" instant: every token of that user
 * ({@code u:<user id>}: password change, logout everywhere, role change, account disabled) or of that login
 * ({@code s:<session id>}, one refresh-token family: logout) issued before it is refused.
 *
 * <p>Redis is the source of truth: a sorted set scored by the instant, trimmed to the entries an unexpired token can
 * still predate, and a channel that announces each new entry. Every process keeps all entries in one local map
 * (filled at start, kept current by {@link SessionFeed}), so checking a token is two map look-ups and no I/O: the
 * flash-sale stampede pays nothing for it.
 */
public final class SessionRevocations {

  public static final String KEY = "surge:sessions:not-before";
  public static final String CHANNEL = "surge:sessions:ended";
  /** The access-token claims that tie a token to its login and say when, to the millisecond, it was issued. */
  public static final String SESSION_CLAIM = "sid";
  public static final String ISSUED_MILLIS_CLAIM = "iat_ms";
  /** Local event bus: the id of a user one of whose sessions ended (for holders of many users' connections). */
  public static final String ENDED = "surge.sessions.ended";
  private static final String ENDED_PREFIX = "surge.sessions.ended.";
  private static final String LOCAL_MAP = "surge.sessions.not-before";
  private static final Logger LOG = LoggerFactory.getLogger(SessionRevocations.class);

  /** Raises the entry (never lowers it), drops entries no live token can predate, and announces the new one. */
  private static final String END = """
    local current = redis.call('ZSCORE', KEYS[1], ARGV[1])
    if not current or tonumber(current) < tonumber(ARGV[2]) then
      redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
    redis.call('PUBLISH', ARGV[4], ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[5])
    return 1""";

  private final Vertx vertx;
  private final RedisAPI redis;
  private final LocalMap<String, Long> notBefore;
  /** How far back an entry still matters: a token issued earlier has expired (lifetime, leeway and a margin). */
  private final long horizonMillis;

  public SessionRevocations(Vertx vertx, RedisAPI redis, int accessTtlSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.notBefore = vertx.sharedData().getLocalMap(LOCAL_MAP);
    this.horizonMillis = (accessTtlSeconds + 65L) * 1000;
  }

  /** Every access token of the user issued until now stops working, on every instance. */
  public Future<Void> endUser(String userId) {
    return end("u:" + userId, userId);
  }

  /** Every access token of this login (refresh-token family) issued until now stops working, on every instance. */
  public Future<Void> endSession(String sessionId, String userId) {
    return end("s:" + sessionId, userId);
  }

  private Future<Void> end(String entry, String userId) {
    long now = System.currentTimeMillis();
    apply(entry, now, userId);
    return redis.eval(List.of(END, "1", KEY, entry, Long.toString(now), Long.toString(now - horizonMillis), CHANNEL,
      userId)).mapEmpty();
  }

  /** True when the token was issued before its user's or its login's not-before instant. */
  public boolean ended(String userId, String sessionId, long issuedAtMillis) {
    if (notBefore.isEmpty()) {
      return false;
    }
    Long user = notBefore.get("u:" + userId);
    if (user != null && issuedAtMillis < user) {
      return true;
    }
    Long session = sessionId == null ? null : notBefore.get("s:" + sessionId);
    return session != null && issuedAtMillis < session;
  }

  /** {@link #ended(String, String, long)} for an authenticated caller's token. */
  public boolean ended(User user) {
    return ended(user.subject(), user.principal().getString(SESSION_CLAIM), issuedAtMillis(user));
  }

  /**
   * The issue time for a new token of this user: now, or the user's not-before if this instance's clock is behind
   * the one that ended the sessions (a token issued right after a password change must not predate it).
   */
  public long issueMillis(String userId) {
    long now = System.currentTimeMillis();
    Long user = notBefore.isEmpty() ? null : notBefore.get("u:" + userId);
    return user == null ? now : Math.max(now, user);
  }

  /** When the token was issued, to the millisecond when it says so (older tokens: their {@code iat} second). */
  public static long issuedAtMillis(User user) {
    Long millis = user.principal().getLong(ISSUED_MILLIS_CLAIM);
    if (millis != null) {
      return millis;
    }
    Long seconds = user.attributes().getJsonObject("accessToken", user.principal()).getLong("iat");
    return seconds == null ? 0 : seconds * 1000;
  }

  /** The local event-bus address told (no body) when a session of this user ends: streams check their token then. */
  public static String endedAddress(String userId) {
    return ENDED_PREFIX + userId;
  }

  /** An announcement heard on {@link #CHANNEL}: {@code entry not-before user-id}. */
  void heard(String message) {
    String[] parts = message.split(" ");
    if (parts.length != 3) {
      LOG.warn("Ignored a malformed session announcement");
      return;
    }
    try {
      apply(parts[0], Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      LOG.warn("Ignored a malformed session announcement");
    }
  }

  /** Reads every entry that still matters from Redis: at start and after the channel was lost (messages missed). */
  Future<Void> load() {
    long now = System.currentTimeMillis();
    return redis.zrangebyscore(List.of(KEY, Long.toString(now - horizonMillis), "+inf", "WITHSCORES"))
      .onSuccess(this::applyAll)
      .mapEmpty();
  }

  private void applyAll(Response entries) {
    if (entries == null) {
      return;
    }
    // RESP3 answers [member, score] pairs, RESP2 one flat list.
    if (entries.size() > 0 && entries.get(0).size() == 2) {
      entries.forEach(pair -> remember(pair.get(0).toString(), pair.get(1).toDouble().longValue()));
    } else {
      for (int i = 0; i + 1 < entries.size(); i += 2) {
        remember(entries.get(i).toString(), entries.get(i + 1).toDouble().longValue());
      }
    }
  }

  /** Forgets entries that no unexpired token can predate. */
  void prune() {
    long oldest = System.currentTimeMillis() - horizonMillis;
    notBefore.keySet().forEach(entry -> notBefore.computeIfPresent(entry, (k, at) -> at < oldest ? null : at));
  }

  /**
   * An entry read back from Redis (start, or a lost subscription). A user's entry names its user, so that
   * user's open streams are told; a single login's entry does not (Redis keeps no user for it): its tokens
   * are refused on their next request, and its open streams close at their token's expiry.
   */
  private void remember(String entry, long at) {
    apply(entry, at, entry.startsWith("u:") ? entry.substring(2) : null);
  }

  /** {@code userId}: whose streams to tell, when it is known (null: nobody's). */
  private void apply(String entry, long at, String userId) {
    Long merged = notBefore.merge(entry, at, Math::max);
    if (userId != null && merged == at) {
      vertx.eventBus().publish(endedAddress(userId), null);
      vertx.eventBus().publish(ENDED, userId);
    }
  }
}
