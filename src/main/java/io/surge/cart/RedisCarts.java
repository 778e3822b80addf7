package io.surge.cart;

import io.surge.Infrastructure;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Carts in Redis: one hash per cart, field = SKU id, value = {@code quantity|addedUnitAmount|addedAtMillis}.
 * A guest cart also holds the field {@code issued}, written when the server issued its token, and a cart
 * that went to checkout the field {@code id}, its identity until it is emptied. Every change is one Lua
 * script (atomic, so concurrent changes lose no line) that also refreshes the TTL.
 */
public final class RedisCarts implements Carts {

  /** The most of one SKU a line may hold (the API's limit). */
  static final int MAX_QUANTITY = 99;
  private static final String ISSUED = "issued";
  private static final String ID = "id";

  /**
   * ARGV: sku id, quantity, unit amount, now, max lines, ttl, mode. Returns the cart's whole hash after the change (so
   * the answer needs no second round trip), or -1 (token not issued) or -2 (full).
   */
  private static final String SET_LINE = """
    local key, mode = KEYS[1], ARGV[7]
    if mode == 'guest' and redis.call('HEXISTS', key, 'issued') == 0 then return -1 end
    local old = redis.call('HGET', key, ARGV[1])
    local addedAt = ARGV[4]
    if old then
      addedAt = string.match(old, '|(%d+)$') or addedAt
    else
      local markers = redis.call('HEXISTS', key, 'issued') + redis.call('HEXISTS', key, 'id')
      if redis.call('HLEN', key) - markers >= tonumber(ARGV[5]) then return -2 end
    end
    if mode == 'new' then redis.call('HSET', key, 'issued', ARGV[4]) end
    redis.call('HSET', key, ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|' .. addedAt)
    redis.call('EXPIRE', key, ARGV[6])
    return redis.call('HGETALL', key)""";

  private static final String REMOVE_LINE = """
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    return 1""";

  /** KEYS[1] cart, ARGV[1] a new identity, kept only if the cart has none: the whole hash. */
  private static final String FOR_CHECKOUT = """
    if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSETNX', KEYS[1], 'id', ARGV[1]) end
    return redis.call('HGETALL', KEYS[1])""";

  /** Empties a cart (and so ends its identity); a guest cart keeps its marker so its token stays valid. */
  private static final String EMPTY = """
    local issued = redis.call('HGET', KEYS[1], 'issued')
    redis.call('DEL', KEYS[1])
    if issued then
      redis.call('HSET', KEYS[1], 'issued', issued)
      redis.call('EXPIRE', KEYS[1], ARGV[1])
    end
    return 1""";

  /**
   * KEYS[1] user cart. ARGV: max lines, ttl, then per guest line: sku id, quantity, unit amount, added at, cap.
   * A line the user has grows by the guest's quantity up to the cap, never shrinks; a new line is taken up to the
   * cap while the cart has room. The guest cart is deleted afterwards by its own command: the two carts' keys
   * hash to different slots of a Redis Cluster, and a script may only touch one slot.
   */
  private static final String MERGE = """
    local user = KEYS[1]
    local lines = redis.call('HLEN', user) - redis.call('HEXISTS', user, 'issued') - redis.call('HEXISTS', user, 'id')
    for i = 3, #ARGV, 5 do
      local sku, qty, cap = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 4])
      local old = redis.call('HGET', user, sku)
      if old then
        local q, rest = string.match(old, '^(%d+)(|.*)$')
        local merged = math.max(tonumber(q), math.min(tonumber(q) + qty, cap))
        redis.call('HSET', user, sku, string.format('%d', merged) .. rest)
      elseif cap > 0 and lines < tonumber(ARGV[1]) then
        redis.call('HSET', user, sku, string.format('%d', math.min(qty, cap)) .. '|' .. ARGV[i + 2] .. '|' .. ARGV[i + 3])
        lines = lines + 1
      end
    end
    redis.call('EXPIRE', user, ARGV[2])
    return 1""";

  /** What a line change came to. */
  enum Outcome { SAVED, TOKEN_NOT_ISSUED, FULL }

  /** A line change's outcome and, when {@code SAVED}, the cart's lines after it (oldest first). */
  record LineSet(Outcome outcome, List<CartLine> lines) {
  }

  private record Stored(UUID skuId, int quantity, long addedUnitAmount, long addedAt) {
    CartLine line() {
      return new CartLine(skuId, quantity, addedUnitAmount);
    }
  }

  private final RedisAPI redis;
  private final CartCatalog catalog;
  private final String ttlSeconds;
  private final int maxLines;

  public RedisCarts(RedisAPI redis, Pool pg, CartSettings settings) {
    this.redis = redis;
    this.catalog = new CartCatalog(pg);
    this.ttlSeconds = Long.toString(settings.ttlDays() * 86_400L);
    this.maxLines = settings.maxLines();
  }

  public static RedisCarts create(Infrastructure infra) {
    return new RedisCarts(infra.redis(), infra.pg(), CartSettings.from(infra.config()));
  }

  @Override
  public Future<List<CartLine>> lines(String userId) {
    return lines(CartKey.user(userId));
  }

  @Override
  public Future<List<CartLine>> guestLines(String cartToken) {
    CartKey guest = CartKey.guest(cartToken);
    return guest == null ? Future.succeededFuture(List.of()) : lines(guest);
  }

  @Override
  public Future<CheckoutCart> forCheckout(String userId) {
    return redis.eval(List.of(FOR_CHECKOUT, "1", CartKey.user(userId).redisKey(), UUID.randomUUID().toString()))
      .map(hash -> {
        String id = field(hash, ID);
        return new CheckoutCart(id == null ? null : UUID.fromString(id),
          parse(hash).stream().map(Stored::line).toList());
      });
  }

  @Override
  public Future<Void> clear(String userId) {
    return empty(CartKey.user(userId));
  }

  @Override
  public Future<Void> mergeGuest(String cartToken, String userId) {
    CartKey guest = CartKey.guest(cartToken);
    if (guest == null) {
      return Future.succeededFuture();
    }
    return stored(guest).compose(lines -> lines.isEmpty()
      ? redis.del(List.of(guest.redisKey())).mapEmpty()
      : catalog.skus(lines.stream().map(Stored::skuId).toList())
        .compose(skus -> merge(guest, CartKey.user(userId), lines, skus)));
  }

  CartCatalog catalog() {
    return catalog;
  }

  /** The cart's lines, oldest first; empty for a cart that does not exist. */
  Future<List<CartLine>> lines(CartKey key) {
    return stored(key).map(lines -> lines.stream().map(Stored::line).toList());
  }

  Future<LineSet> setLine(CartKey key, UUID skuId, int quantity, long unitAmount) {
    return redis.eval(List.of(SET_LINE, "1", key.redisKey(), skuId.toString(), Integer.toString(quantity),
      Long.toString(unitAmount), Long.toString(System.currentTimeMillis()), Integer.toString(maxLines), ttlSeconds,
      key.mode()))
      .map(result -> switch (result.type()) {
        case NUMBER -> new LineSet(result.toInteger() == -1 ? Outcome.TOKEN_NOT_ISSUED : Outcome.FULL, List.of());
        default -> new LineSet(Outcome.SAVED, parse(result).stream().map(Stored::line).toList());
      });
  }

  Future<Void> removeLine(CartKey key, UUID skuId) {
    return redis.eval(List.of(REMOVE_LINE, "1", key.redisKey(), skuId.toString(), ttlSeconds)).mapEmpty();
  }

  Future<Void> empty(CartKey key) {
    return redis.eval(List.of(EMPTY, "1", key.redisKey(), ttlSeconds)).mapEmpty();
  }

  private Future<Void> merge(CartKey guest, CartKey user, List<Stored> lines, Map<UUID, SkuNow> skus) {
    List<String> args = new ArrayList<>(List.of(MERGE, "1", user.redisKey(), Integer.toString(maxLines), ttlSeconds));
    for (Stored line : lines) {
      SkuNow sku = skus.get(line.skuId());
      int cap = sku == null || !sku.forSale() ? 0 : Math.min(sku.available(), MAX_QUANTITY);
      args.addAll(List.of(line.skuId().toString(), Integer.toString(line.quantity()),
        Long.toString(line.addedUnitAmount()), Long.toString(line.addedAt()), Integer.toString(cap)));
    }
    // Merged first, deleted second: a failure in between leaves the guest cart for the next sign-in to merge
    // (quantities are capped, so a second merge cannot exceed what stock allows) instead of losing it.
    return redis.eval(args).compose(merged -> redis.del(List.of(guest.redisKey()))).mapEmpty();
  }

  private Future<List<Stored>> stored(CartKey key) {
    return redis.hgetall(key.redisKey()).map(RedisCarts::parse);
  }

  /** HGETALL answers a map (RESP3) or a flat field/value array (RESP2). */
  private static List<Stored> parse(Response hash) {
    List<Stored> lines = new ArrayList<>();
    if (hash == null) {
      return lines;
    }
    if (hash.isMap()) {
      hash.getKeys().forEach(field -> addLine(lines, field, hash.get(field).toString()));
    } else {
      for (int i = 0; i + 1 < hash.size(); i += 2) {
        addLine(lines, hash.get(i).toString(), hash.get(i + 1).toString());
      }
    }
    lines.sort(Comparator.comparingLong(Stored::addedAt).thenComparing(Stored::skuId));
    return lines;
  }

  /** One field of an HGETALL answer (a map in RESP3, a flat field/value array in RESP2, an array from a script). */
  private static String field(Response hash, String name) {
    if (hash == null) {
      return null;
    }
    if (hash.isMap()) {
      Response value = hash.get(name);
      return value == null ? null : value.toString();
    }
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      if (name.equals(hash.get(i).toString())) {
        return hash.get(i + 1).toString();
      }
    }
    return null;
  }

  private static void addLine(List<Stored> lines, String field, String value) {
    if (ISSUED.equals(field) || ID.equals(field)) {
      return;
    }
    String[] parts = value.split("\\|");
    lines.add(new Stored(UUID.fromString(field), Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
      Long.parseLong(parts[2])));
  }
}
