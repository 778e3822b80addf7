package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The flash-sale gate in Redis: one Lua script decides each purchase atomically (window open, key
 * new, user under limit, stock left) and records it. Scripts are loaded once and called by SHA.
 * Redis is never trusted alone: the gate is rebuilt from PostgreSQL (quantity - sold, per-buyer
 * counts, every idempotency key) whenever it is missing, and the durable writer re-checks in SQL.
 *
 * <p>Keys per sale: {@code surge:fs:{<id>}} (hash: stock, starts, ends, limit), {@code surge:fs:{<id>}:users}
 * (hash user -> units), {@code surge:fs:{<id>}:keys} (hash user|key -> purchase|order|quantity).
 */
final class FlashGate {

  /** The outcome of one purchase attempt. */
  record Decision(String outcome, String detail) {
  }

  /** A sale seen sold out: until when to believe it, and every {@code user|key} the gate had answered by then. */
  record SoldOut(long until, Set<String> answered) {
  }

  private static final String PURCHASE = """
    local seen = redis.call('HGET', KEYS[3], ARGV[2])
    if seen then return {'replay', seen} end
    local sale = redis.call('HMGET', KEYS[1], 'stock', 'starts', 'ends', 'limit')
    if not sale[1] then return {'unknown', ''} end
    local now = tonumber(ARGV[4])
    if now < tonumber(sale[2]) then return {'not_started', sale[2]} end
    if now >= tonumber(sale[3]) then return {'ended', ''} end
    local qty = tonumber(ARGV[3])
    local bought = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
    if bought + qty > tonumber(sale[4]) then return {'limit', tostring(bought)} end
    local stock = tonumber(sale[1])
    if stock < qty then return {'sold_out', ''} end
    redis.call('HINCRBY', KEYS[1], 'stock', -qty)
    redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
    redis.call('HSET', KEYS[3], ARGV[2], ARGV[5])
    if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'kafka', '1') end
    return {'accepted', tostring(stock - qty)}""";
  /**
   * Undo a reservation PostgreSQL did not keep: the buyer's count and key are forgotten (a retry starts
   * afresh) and, unless PostgreSQL said the sale is sold out (ARGV[4] = 0), the units go back.
   */
  private static final String RELEASE = """
    if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[2])) end
    redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
    redis.call('HDEL', KEYS[3], ARGV[3])
    return 1""";
  /** An expired order's units come back (the key stays: a replay still names that purchase). */
  private static final String GIVE_BACK = """
    if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
    redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[2]))
    redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
    return 1""";

  /**
   * Raises the gate's stock to what PostgreSQL says is left (ARGV[1]) when the gate is lower: a
   * reservation whose process died before its durable write would otherwise be lost to the sale.
   * Only ever upwards: PostgreSQL re-checks every purchase, so a generous gate cannot oversell. Not for
   * a sale taken through the Kafka intake (marked {@code kafka}): there the 202 comes before PostgreSQL
   * sees the purchase, and units still on the topic would be sold twice.
   */
  private static final String TOP_UP = """
    local stock = redis.call('HGET', KEYS[1], 'stock')
    if not stock then return -1 end
    if redis.call('HEXISTS', KEYS[1], 'kafka') == 1 then return 0 end
    local missing = tonumber(ARGV[1]) - tonumber(stock)
    if missing > 0 then redis.call('HINCRBY', KEYS[1], 'stock', missing) return missing end
    return 0""";

  private final RedisAPI redis;
  private final Pool pg;
  private String purchaseSha;
  private String releaseSha;
  private String giveBackSha;
  private String topUpSha;

  FlashGate(RedisAPI redis, Pool pg) {
    this.redis = redis;
    this.pg = pg;
  }

  /** SCRIPT LOAD once; calls then send only the SHA. */
  Future<Void> loadScripts() {
    return Future.all(script(PURCHASE), script(RELEASE), script(GIVE_BACK), script(TOP_UP)).map(all -> {
      purchaseSha = all.resultAt(0);
      releaseSha = all.resultAt(1);
      giveBackSha = all.resultAt(2);
      topUpSha = all.resultAt(3);
      return null;
    });
  }

  private Future<String> script(String body) {
    return redis.script(List.of("LOAD", body)).map(Response::toString);
  }

  Future<Decision> purchase(UUID saleId, String userId, String key, int quantity, UUID purchaseId, UUID orderId,
    boolean viaKafka) {
    String answer = purchaseId + "|" + orderId + "|" + quantity;
    return call(purchaseSha, PURCHASE, keys(saleId), userId, userId + "|" + key, Integer.toString(quantity),
      Long.toString(System.currentTimeMillis()), answer, viaKafka ? "1" : "0")
      .map(response -> new Decision(response.get(0).toString(), response.get(1).toString()));
  }

  /** What a released reservation's units do: go back to the gate, or stay off it (the gate overstated the stock). */
  enum Units {
    RESTOCK, DROP
  }

  /** Undoes a reservation: the buyer's count and the key go; the units as {@code units} says. */
  Future<Void> release(UUID saleId, String userId, String key, int quantity, Units units) {
    return call(releaseSha, RELEASE, keys(saleId), userId, Integer.toString(quantity), userId + "|" + key,
      units == Units.RESTOCK ? "1" : "0")
      .mapEmpty();
  }

  Future<Void> giveBack(UUID saleId, String userId, int quantity) {
    return call(giveBackSha, GIVE_BACK, keys(saleId), userId, Integer.toString(quantity)).mapEmpty();
  }

  /** Yields how many units were missing from the gate and put back (0 when none, -1 when the gate is gone). */
  Future<Integer> topUp(UUID saleId, int durablyLeft) {
    return call(topUpSha, TOP_UP, keys(saleId), Integer.toString(durablyLeft)).map(Response::toInteger);
  }

  /**
   * Read right after the gate answered "sold out": the keys recorded then include every purchase that could be
   * replayed (a new purchase needs units to come back first, and the flag lives only {@code millis}).
   */
  Future<SoldOut> soldOut(UUID saleId, long millis) {
    return redis.hkeys(keys(saleId).get(2)).map(entries -> {
      Set<String> answered = new HashSet<>(entries.size() * 2);
      entries.forEach(entry -> answered.add(entry.toString()));
      return new SoldOut(System.currentTimeMillis() + millis, answered);
    });
  }

  /** Units left according to the gate (approximate: reservations in flight are already subtracted). */
  Future<Integer> remaining(UUID saleId) {
    return redis.hget(base(saleId), "stock").map(value -> value == null ? null : value.toInteger());
  }

  /**
   * Rebuilds the gate from PostgreSQL: stock = quantity - sold (sold only moves in committed
   * transactions), buyers' unit counts, and every key already answered.
   */
  Future<Integer> rebuild(Row sale) {
    UUID saleId = sale.getUUID("id");
    boolean cancelled = sale.getOffsetDateTime("cancelled_at") != null;
    int stock = cancelled ? 0 : sale.getInteger("quantity") - sale.getInteger("sold");
    Future<RowSet<Row>> buyers = pg.preparedQuery(FlashSaleSql.DURABLE_BUYERS).execute(Tuple.of(saleId));
    Future<RowSet<Row>> answered = pg.preparedQuery(FlashSaleSql.DURABLE_KEYS).execute(Tuple.of(saleId));
    return Future.all(buyers, answered).compose(done -> {
      List<String> keys = keys(saleId);
      List<Future<?>> writes = new ArrayList<>();
      writes.add(redis.del(keys));
      return Future.all(writes).compose(v -> {
        List<Future<?>> fills = new ArrayList<>();
        fills.add(redis.hset(List.of(keys.get(0), "stock", Integer.toString(stock),
          "starts", Long.toString(sale.getOffsetDateTime("starts_at").toInstant().toEpochMilli()),
          "ends", Long.toString(cancelled ? 0 : sale.getOffsetDateTime("ends_at").toInstant().toEpochMilli()),
          "limit", Integer.toString(sale.getInteger("per_user_limit")))));
        List<String> users = new ArrayList<>(List.of(keys.get(1)));
        buyers.result().forEach(
          row -> users.addAll(List.of(row.getUUID("user_id").toString(), row.getInteger("quantity").toString())));
        if (users.size() > 1) {
          fills.add(redis.hset(users));
        }
        List<String> answers = new ArrayList<>(List.of(keys.get(2)));
        answered.result()
          .forEach(row -> answers.addAll(List.of(row.getUUID("user_id") + "|" + row.getString("idempotency_key"),
            row.getUUID("id") + "|" + row.getUUID("order_id") + "|" + row.getInteger("quantity"))));
        if (answers.size() > 1) {
          fills.add(redis.hset(answers));
        }
        return Future.all(fills).map(stock);
      });
    });
  }

  /**
   * The sale's keys, hash-tagged with the sale id: every script touches all three, so on a Redis Cluster they must
   * share one slot (the braces pick the part that is hashed; on one Redis they are only part of the name).
   */
  static List<String> keys(UUID saleId) {
    String base = base(saleId);
    return List.of(base, base + ":users", base + ":keys");
  }

  /** {@code surge:fs:{<id>}}: the sale's hash, and the prefix of its other keys. */
  static String base(UUID saleId) {
    return "surge:fs:{" + saleId + "}";
  }

  /** EVALSHA, falling back to EVAL (which also reloads the script) if Redis lost it (NOSCRIPT after a restart). */
  private Future<Response> call(String sha, String body, List<String> keys, String... args) {
    List<String> shaArgs = new ArrayList<>();
    shaArgs.add(sha);
    shaArgs.add(Integer.toString(keys.size()));
    shaArgs.addAll(keys);
    shaArgs.addAll(List.of(args));
    return redis.evalsha(shaArgs).recover(e -> {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
        return Future.failedFuture(e);
      }
      List<String> evalArgs = new ArrayList<>(shaArgs);
      evalArgs.set(0, body);
      return redis.eval(evalArgs);
    });
  }
}
