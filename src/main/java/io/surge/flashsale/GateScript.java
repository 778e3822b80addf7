package io.surge.flashsale;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/** One of the gate's Lua scripts: loaded once (SCRIPT LOAD), then called by its SHA, so a call sends only the SHA. */
final class GateScript {

  private final String body;
  private String sha;

  GateScript(String body) {
    this.body = body;
  }

  Future<Void> load(RedisAPI redis) {
    return redis.script(List.of("LOAD", body)).map(Response::toString).map(loaded -> {
      sha = loaded;
      return null;
    });
  }

  /** The EVALSHA of {@link #call}, as a request to send with others ({@link GateCalls}). */
  Request request(List<String> keys, String... args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    for (String arg : args) {
      request.arg(arg);
    }
    return request;
  }

  /** EVALSHA, falling back to EVAL (which also reloads the script) if Redis lost it (NOSCRIPT after a restart). */
  Future<Response> call(RedisAPI redis, List<String> keys, String... args) {
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
