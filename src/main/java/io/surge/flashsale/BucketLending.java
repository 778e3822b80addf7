package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Units lent between the buckets of a bucketed gate ({@link GateBuckets}): a bucket with too few units borrows from the
 * others. One script on the donor takes the units and writes the transfer down, one on the borrower credits it once,
 * then the record goes. Units are never lost or counted twice between the steps: a transfer left half-done by a dead
 * process is delivered by {@link #settleTransfers}, idempotently.
 */
final class BucketLending {

  /**
   * Units lent by an emptied bucket's neighbour (KEYS: the donor's hash and its {@code :lent}; ARGV: transfer id,
   * units wanted, the borrowing bucket): the wanted units (or what it has) leave its stock and are written down as a
   * transfer in the same script, so they are never in neither place. Yields the units and the gate's epoch (the
   * rebuild they belong to); -1 when the bucket is gone. Only what the borrower is about to buy moves: a surplus
   * (lending half, say) would sit in the borrower's bucket after another buyer's round had found that bucket empty,
   * answering that buyer "sold out" while a unit was left (FlashSaleBucketsTest saw 39 of 40 sold).
   */
  private static final String LEND = """
    local sale = redis.call('HMGET', KEYS[1], 'stock', 'epoch')
    if not sale[1] then return {-1, ''} end
    local stock = tonumber(sale[1])
    local epoch = sale[2] or ''
    if stock <= 0 then return {0, epoch} end
    local n = math.min(tonumber(ARGV[2]), stock)
    redis.call('HINCRBY', KEYS[1], 'stock', -n)
    redis.call('HINCRBY', KEYS[1], 'lends', 1)
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3] .. '|' .. n .. '|' .. epoch)
    return {n, epoch}""";
  /**
   * A transfer arrives (KEYS: the borrower's hash and its {@code :received}; ARGV: transfer id, units, epoch): credited
   * once however often it is delivered, and not at all if the gate was rebuilt since it was lent (the rebuild already
   * counted those units from PostgreSQL). -1 when the bucket is gone: the transfer waits at the donor.
   */
  private static final String RECEIVE = """
    local epoch = redis.call('HGET', KEYS[1], 'epoch')
    if not epoch then return -1 end
    if epoch ~= ARGV[3] then return 0 end
    if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
    redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[2]))
    return 1""";

  private final RedisAPI redis;
  private final GateBuckets buckets;
  private final GateScript lend = new GateScript(LEND);
  private final GateScript receive = new GateScript(RECEIVE);

  BucketLending(RedisAPI redis, GateBuckets buckets) {
    this.redis = redis;
    this.buckets = buckets;
  }

  Future<Void> loadScripts() {
    return Future.all(lend.load(redis), receive.load(redis)).mapEmpty();
  }

  /**
   * Borrows {@code wanted} units for bucket {@code home} from the buckets after it in turn; yields how many came (fewer
   * when the others ran dry), or -1 when a bucket is gone.
   */
  Future<Integer> gather(UUID saleId, int home, int wanted) {
    return gather(saleId, home, wanted, 1, 0);
  }

  /** Borrows for bucket {@code home} from bucket home + step, then the next, until {@code wanted} units came. */
  private Future<Integer> gather(UUID saleId, int home, int wanted, int step, int gathered) {
    if (gathered >= wanted || step >= buckets.count()) {
      return Future.succeededFuture(gathered);
    }
    int donor = (home + step) % buckets.count();
    String transfer = UUID.randomUUID().toString();
    return lend.call(redis, List.of(buckets.base(saleId, donor), buckets.lent(saleId, donor)), transfer,
      Integer.toString(wanted - gathered), Integer.toString(home)).compose(lent -> {
        int units = lent.get(0).toInteger();
        if (units < 0) {
          return Future.succeededFuture(-1);
        }
        if (units == 0) {
          return gather(saleId, home, wanted, step + 1, gathered);
        }
        return deliver(saleId, donor, home, transfer, units, lent.get(1).toString())
          .compose(received -> received < 0 ? Future.succeededFuture(-1)
            : gather(saleId, home, wanted, step + 1, gathered + units));
      });
  }

  /**
   * What says whether units moved between the buckets: every bucket's count of transfers it lent, and how many of its
   * transfers are not delivered yet. A round that found every bucket empty proves the sale sold out only if this did
   * not change while it ran and nothing was in transit: a unit on its way (or just delivered to a bucket the round had
   * already passed) is invisible to it. Seen: a buyer's second press borrowed a unit it could not use (its first took
   * the buyer's last allowed one), and another buyer, whose round ran while that unit travelled, was told "sold out".
   */
  Future<String> movements(UUID saleId) {
    List<Future<String>> each = new ArrayList<>();
    for (int bucket = 0; bucket < buckets.count(); bucket++) {
      Future<String> lends = redis.hget(buckets.base(saleId, bucket), "lends")
        .map(r -> r == null ? "0" : r.toString());
      Future<String> pending = redis.hlen(buckets.lent(saleId, bucket)).map(r -> r == null ? "0" : r.toString());
      each.add(Future.all(lends, pending).map(v -> lends.result() + "/" + pending.result()));
    }
    return Future.all(each).map(v -> String.join(",", each.stream().map(Future::result).toList()));
  }

  /** No transfer in transit in a {@link #movements} reading. */
  static boolean settled(String movements) {
    for (String bucket : movements.split(",")) {
      if (!bucket.endsWith("/0")) {
        return false;
      }
    }
    return true;
  }

  /** Credits a transfer to its bucket (once), then crosses it off the donor's list; -1 when the bucket is gone. */
  private Future<Integer> deliver(UUID saleId, int donor, int home, String transfer, int units, String epoch) {
    return receive.call(redis, List.of(buckets.base(saleId, home), buckets.received(saleId, home)), transfer,
      Integer.toString(units), epoch).compose(
        received -> received.toInteger() < 0 ? Future.succeededFuture(-1)
          : redis.hdel(List.of(buckets.lent(saleId, donor), transfer)).map(1));
  }

  /**
   * Delivers every transfer still on a donor's list (its process died between lending and delivering, or is
   * delivering now: delivery counts once either way). Yields how many were delivered.
   */
  Future<Integer> settleTransfers(UUID saleId) {
    if (buckets.count() == 1) {
      return Future.succeededFuture(0);
    }
    List<Future<Integer>> delivered = new ArrayList<>();
    for (int donor = 0; donor < buckets.count(); donor++) {
      int from = donor;
      delivered.add(redis.hgetall(buckets.lent(saleId, donor)).compose(pending -> {
        List<Future<Integer>> each = new ArrayList<>();
        HashReply.fields(pending).forEach((transfer, record) -> {
          String[] parts = record.split("\\|", -1);
          each.add(deliver(saleId, from, Integer.parseInt(parts[0]), transfer, Integer.parseInt(parts[1]), parts[2]));
        });
        return Future.all(each).map(all -> (int) each.stream().filter(f -> f.result() > 0).count());
      }));
    }
    return Future.all(delivered).map(all -> delivered.stream().mapToInt(Future::result).sum());
  }
}
