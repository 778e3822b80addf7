package io.surge.flashsale;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one gate script made in one event-loop turn, sent to Redis together: one write (and one read) for all
 * the purchases this loop read from its connections in that turn, where each call alone was a write of its own, and
 * on Redis's side a read and a write of their own. A profile of the durable peak had ~6% of the event loops' samples in
 * the write system call per Redis command (issue 12).
 *
 * <p>Calls are grouped by their keys (a sale's gate bucket), so in a Redis Cluster each group goes to one slot. A
 * group of one is sent as before. When a group's pipeline fails (Vert.x fails a batch if any reply is an error:
 * NOSCRIPT once Redis lost its scripts, for every call of it alike in practice, since Redis runs what it reads from a
 * client at once with no other client's command between), each call is made again on its own, with the script's
 * EVAL fallback. Should a call have run in a pipeline that failed, its purchase meets its own reservation, as a retry
 * after a crash between the gate and the write does (in flight until abandoned, then decided afresh).
 *
 * <p>One instance per gate, and a gate is used by one event loop (each HTTP instance has its own); a call made off any
 * Vert.x context is sent at once.
 */
final class GateCalls {

  private record Call(List<String> keys, String[] args, Promise<Response> answer) {
  }

  private final Redis client;
  private final RedisAPI redis;
  private final GateScript script;
  private final FlashSaleMeters meters = FlashSaleMeters.get();
  private Map<List<String>, List<Call>> waiting;

  GateCalls(Redis client, RedisAPI redis, GateScript script) {
    this.client = client;
    this.redis = redis;
    this.script = script;
  }

  Future<Response> call(List<String> keys, String... args) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return script.call(redis, keys, args);
    }
    if (waiting == null) {
      waiting = new HashMap<>();
      context.runOnContext(v -> send()); // after the rest of this turn's work: every call it makes is in by then
    }
    Promise<Response> answer = Promise.promise();
    waiting.computeIfAbsent(keys, k -> new ArrayList<>()).add(new Call(keys, args, answer));
    return answer.future();
  }

  private void send() {
    Map<List<String>, List<Call>> turn = waiting;
    waiting = null;
    turn.values().forEach(group -> {
      meters.gatePipeline(group.size());
      if (group.size() == 1) {
        alone(group.get(0));
        return;
      }
      client.batch(group.stream().map(call -> script.request(call.keys(), call.args())).toList())
        .onComplete(replies -> {
          if (replies.succeeded()) {
            for (int i = 0; i < group.size(); i++) {
              group.get(i).answer().complete(replies.result().get(i));
            }
          } else {
            group.forEach(this::alone);
          }
        });
    });
  }

  private void alone(Call call) {
    script.call(redis, call.keys(), call.args()).onComplete(call.answer());
  }
}
