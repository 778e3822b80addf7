package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *
 * <p>With {@code flashSales.gateBuckets} K > 1 the gate is K such gates on different slots ({@link GateBuckets}),
 * each with its share of the units and its buyers' counts and keys; a buyer always uses the same bucket, so a
 * decision is one script on one slot. A bucket with too few units borrows from the others ({@link BucketLending}),
 * and "sold out" is answered only once every bucket was found empty.
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
    if stock < qty then return {'sold_out', tostring(stock)} end
    redis.call('HINCRBY', KEYS[1], 'stock', -qty)
    redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
    redis.call('HSET', KEYS[3], ARGV[2], ARGV[5] .. '|' .. ARGV[4])
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

  /** Units PostgreSQL says are missing from a bucketed gate go onto its first bucket (not for a Kafka-intake sale). */
  private static final String ADD = """
    if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
    if redis.call('HEXISTS', KEYS[1], 'kafka') == 1 then return 0 end
    redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[1]))
    return tonumber(ARGV[1])""";
  /** Borrowing rounds before a buyer is asked to retry (each round sells or moves units, so this is never reached). */
  private static final int MAX_ROUNDS = 32;

  private final RedisAPI redis;
  private final Pool pg;
  private final GateBuckets buckets;
  private final BucketLending lending;
  private final GateScript purchaseScript = new GateScript(PURCHASE);
  private final GateScript releaseScript = new GateScript(RELEASE);
  private final GateScript giveBackScript = new GateScript(GIVE_BACK);
  private final GateScript topUpScript = new GateScript(TOP_UP);
  private final GateScript addScript = new GateScript(ADD);

  private final GateCalls purchases;

  FlashGate(Redis client, Pool pg, int buckets) {
    this.redis = RedisAPI.api(client);
    this.purchases = new GateCalls(client, redis, purchaseScript);
    this.pg = pg;
    this.buckets = new GateBuckets(buckets);
    this.lending = new BucketLending(this.redis, this.buckets);
  }

  /** SCRIPT LOAD once; calls then send only the SHA. */
  Future<Void> loadScripts() {
    return Future.all(List.of(purchaseScript.load(redis), releaseScript.load(redis), giveBackScript.load(redis),
      topUpScript.load(redis), lending.loadScripts(), addScript.load(redis))).mapEmpty();
  }

  Future<Decision> purchase(UUID saleId, String userId, String key, int quantity, UUID purchaseId, UUID orderId,
    boolean viaKafka) {
    String answer = purchaseId + "|" + orderId + "|" + quantity;
    int home = buckets.of(userId);
    Future<Decision> decided = decideIn(saleId, home, userId, key, quantity, answer, viaKafka);
    return buckets.count() == 1 ? decided
      : decided.compose(decision -> borrowing(saleId, home, userId, key, quantity, answer, viaKafka, decision, 0));
  }

  private Future<Decision> decideIn(UUID saleId, int bucket, String userId, String key, int quantity, String answer,
    boolean viaKafka) {
    return purchases.call(buckets.keys(saleId, bucket), userId, userId + "|" + key,
      Integer.toString(quantity), Long.toString(System.currentTimeMillis()), answer, viaKafka ? "1" : "0")
      .map(response -> new Decision(response.get(0).toString(), response.get(1).toString()));
  }

  /**
   * The buyer's bucket had too few units: units are borrowed from the other buckets in turn until it has enough, and
   * the buyer's purchase is decided again. "Sold out" only when a whole round found every other bucket empty.
   */
  private Future<Decision> borrowing(UUID saleId, int home, String userId, String key, int quantity, String answer,
    boolean viaKafka, Decision decision, int round) {
    if (!"sold_out".equals(decision.outcome())) {
      return Future.succeededFuture(decision);
    }
    if (round >= MAX_ROUNDS) {
      return Future.succeededFuture(new Decision("busy", ""));
    }
    int has = decision.detail().isEmpty() ? 0 : Integer.parseInt(decision.detail());
    Future<String> before = lending.movements(saleId);
    return before.compose(b -> lending.gather(saleId, home, quantity - has)).compose(gathered -> {
      if (gathered < 0) {
        return Future.succeededFuture(new Decision("unknown", ""));
      }
      if (gathered == 0) {
        // every other bucket was empty: sold out, unless units were moving meanwhile (see BucketLending#movements)
        return lending.movements(saleId).compose(after -> after.equals(before.result())
          && BucketLending.settled(after)
            ? Future.succeededFuture(decision)
            : decideIn(saleId, home, userId, key, quantity, answer, viaKafka)
              .compose(again -> borrowing(saleId, home, userId, key, quantity, answer, viaKafka, again, round + 1)));
      }
      return decideIn(saleId, home, userId, key, quantity, answer, viaKafka)
        .compose(again -> borrowing(saleId, home, userId, key, quantity, answer, viaKafka, again, round + 1));
    });
  }

  /** Delivers the transfers a bucketed gate left half-done ({@link BucketLending#settleTransfers}). */
  Future<Integer> settleTransfers(UUID saleId) {
    return lending.settleTransfers(saleId);
  }

  /** What a released reservation's units do: go back to the gate, or stay off it (the gate overstated the stock). */
  enum Units {
    RESTOCK, DROP
  }

  /** Undoes a reservation: the buyer's count and the key go; the units as {@code units} says. */
  Future<Void> release(UUID saleId, String userId, String key, int quantity, Units units) {
    return releaseScript.call(redis, buckets.keys(saleId, buckets.of(userId)), userId, Integer.toString(quantity),
      userId + "|" + key, units == Units.RESTOCK ? "1" : "0")
      .mapEmpty();
  }

  Future<Void> giveBack(UUID saleId, String userId, int quantity) {
    return giveBackScript.call(redis, buckets.keys(saleId, buckets.of(userId)), userId, Integer.toString(quantity))
      .mapEmpty();
  }

  /** Yields how many units were missing from the gate and put back (0 when none, -1 when the gate is gone). */
  Future<Integer> topUp(UUID saleId, int durablyLeft) {
    if (buckets.count() == 1) {
      return topUpScript.call(redis, buckets.keys(saleId, 0), Integer.toString(durablyLeft)).map(Response::toInteger);
    }
    return bucketFields(saleId, "stock", "kafka").compose(all -> {
      int held = 0;
      for (Response bucket : all) {
        if (bucket.get(0) == null) {
          return Future.succeededFuture(-1);
        }
        if (bucket.get(1) != null) {
          return Future.succeededFuture(0);
        }
        held += bucket.get(0).toInteger();
      }
      int missing = durablyLeft - held;
      return missing <= 0 ? Future.succeededFuture(0)
        : addScript.call(redis, List.of(buckets.base(saleId, 0)), Integer.toString(missing)).map(Response::toInteger);
    });
  }

  /**
   * Read right after the gate answered "sold out": the keys recorded then include every purchase that could be
   * replayed (a new purchase needs units to come back first, and the flag lives only {@code millis}).
   */
  Future<SoldOut> soldOut(UUID saleId, long millis) {
    List<Future<Response>> reads = new ArrayList<>();
    for (int bucket = 0; bucket < buckets.count(); bucket++) {
      reads.add(redis.hkeys(buckets.keys(saleId, bucket).get(2)));
    }
    return Future.all(reads).map(all -> {
      Set<String> answered = new HashSet<>();
      reads.forEach(read -> read.result().forEach(entry -> answered.add(entry.toString())));
      return new SoldOut(System.currentTimeMillis() + millis, answered);
    });
  }

  /** Every key the gate answered, all buckets: {@code user|key} -> {@code purchase|order|quantity[|reserved at]}. */
  Future<Map<String, String>> reservations(UUID saleId) {
    List<Future<Response>> reads = new ArrayList<>();
    for (int bucket = 0; bucket < buckets.count(); bucket++) {
      reads.add(redis.hgetall(buckets.keys(saleId, bucket).get(2)));
    }
    return Future.all(reads).map(all -> {
      Map<String, String> records = new HashMap<>();
      reads.forEach(read -> read.result().getKeys().forEach(field -> records.put(field,
        read.result().get(field).toString())));
      return records;
    });
  }

  /** Units left according to the gate, all buckets (approximate: reservations in flight are already subtracted). */
  Future<Integer> remaining(UUID saleId) {
    if (buckets.count() == 1) {
      return redis.hget(base(saleId), "stock").map(value -> value == null ? null : value.toInteger());
    }
    return bucketFields(saleId, "stock").map(all -> {
      int left = 0;
      for (Response bucket : all) {
        if (bucket.get(0) == null) {
          return null;
        }
        left += bucket.get(0).toInteger();
      }
      return left;
    });
  }

  private Future<List<Response>> bucketFields(UUID saleId, String... fields) {
    List<Future<Response>> reads = new ArrayList<>();
    for (int bucket = 0; bucket < buckets.count(); bucket++) {
      List<String> args = new ArrayList<>(List.of(buckets.base(saleId, bucket)));
      args.addAll(List.of(fields));
      reads.add(redis.hmget(args));
    }
    return Future.all(reads).map(all -> reads.stream().map(Future::result).toList());
  }

  /**
   * Rebuilds the gate from PostgreSQL: stock = quantity - sold (sold only moves in committed
   * transactions), buyers' unit counts, and every key already answered. A bucketed gate gets the units
   * split evenly, each buyer's count and keys in their bucket, no transfers, and a new epoch (a transfer
   * lent before the rebuild is then never credited: the rebuild counted its units).
   */
  Future<Integer> rebuild(Row sale) {
    UUID saleId = sale.getUUID("id");
    boolean cancelled = sale.getOffsetDateTime("cancelled_at") != null;
    int stock = cancelled ? 0 : sale.getInteger("quantity") - sale.getInteger("sold");
    Future<RowSet<Row>> buyers = pg.preparedQuery(FlashSaleSql.DURABLE_BUYERS).execute(Tuple.of(saleId));
    Future<RowSet<Row>> answered = pg.preparedQuery(FlashSaleSql.DURABLE_KEYS).execute(Tuple.of(saleId));
    int count = buckets.count();
    return Future.all(buyers, answered).compose(done -> {
      List<Future<?>> deletes = new ArrayList<>();
      for (int bucket = 0; bucket < count; bucket++) {
        deletes.add(redis.del(buckets.allKeys(saleId, bucket)));
      }
      return Future.all(deletes).compose(v -> {
        String epoch = UUID.randomUUID().toString();
        List<List<String>> users = new ArrayList<>();
        List<List<String>> answers = new ArrayList<>();
        for (int bucket = 0; bucket < count; bucket++) {
          List<String> keys = buckets.keys(saleId, bucket);
          users.add(new ArrayList<>(List.of(keys.get(1))));
          answers.add(new ArrayList<>(List.of(keys.get(2))));
        }
        buyers.result().forEach(row -> {
          String user = row.getUUID("user_id").toString();
          users.get(buckets.of(user)).addAll(List.of(user, row.getInteger("quantity").toString()));
        });
        answered.result().forEach(row -> {
          String user = row.getUUID("user_id").toString();
          answers.get(buckets.of(user)).addAll(List.of(user + "|" + row.getString("idempotency_key"),
            row.getUUID("id") + "|" + row.getUUID("order_id") + "|" + row.getInteger("quantity")));
        });
        List<Future<?>> fills = new ArrayList<>();
        for (int bucket = 0; bucket < count; bucket++) {
          int share = stock / count + (bucket < stock % count ? 1 : 0);
          List<String> hash = new ArrayList<>(List.of(buckets.base(saleId, bucket), "stock", Integer.toString(share),
            "starts", Long.toString(sale.getOffsetDateTime("starts_at").toInstant().toEpochMilli()),
            "ends", Long.toString(cancelled ? 0 : sale.getOffsetDateTime("ends_at").toInstant().toEpochMilli()),
            "limit", Integer.toString(sale.getInteger("per_user_limit"))));
          if (count > 1) {
            hash.addAll(List.of("epoch", epoch));
          }
          fills.add(redis.hset(hash));
          if (users.get(bucket).size() > 1) {
            fills.add(redis.hset(users.get(bucket)));
          }
          if (answers.get(bucket).size() > 1) {
            fills.add(redis.hset(answers.get(bucket)));
          }
        }
        return Future.all(fills).map(stock);
      });
    });
  }

  /** How long a reservation may wait for its write before it is taken for abandoned (see {@link #abandoned}). */
  private static final long ABANDONED_AFTER_MILLIS = 10_000;

  /**
   * Whether a key's record ({@code purchase|order|quantity|reserved at}, a replay's detail) is a reservation its
   * process left unwritten: held this long without PostgreSQL having the purchase (a batch commits in milliseconds, a
   * failed one gives its reservations back). Records a rebuild wrote carry no time: those purchases are durable.
   */
  static boolean abandoned(String[] record) {
    return record.length > 3 && System.currentTimeMillis() - Long.parseLong(record[3]) > ABANDONED_AFTER_MILLIS;
  }

  /** {@code surge:fs:{<id>}}: the sale's hash, and the prefix of its other keys. */
  static String base(UUID saleId) {
    return "surge:fs:{" + saleId + "}";
  }

}
