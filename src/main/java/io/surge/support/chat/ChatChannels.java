package io.surge.support.chat;

import io.surge.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This process's Redis subscriptions for the chat, on one connection: a user's channel while one of their connections
 * is open here, the agents' channel while an agent is connected here ({@link ChatRelay#channel}), and the channel of
 * versions before routing ({@link ChatRelay#LEGACY_CHANNEL}). A hub asks for a channel when its first connection of
 * that user is signed in ({@link ChatBus#SUBSCRIBE}) and lets go after the last one closed ({@link ChatBus#UNSUBSCRIBE});
 * each frame heard goes to the hubs that asked for its channel, not to every hub.
 * <p>
 * A hub is answered once Redis has confirmed the SUBSCRIBE, so a message published after the welcome reaches the
 * connection. While Redis is unreachable a hub is answered at once:
 * the channel is subscribed with the others when the link is back, and every connection is then told to resync.
 * <p>
 * Redis Cluster: a classic PUBLISH reaches every node, so the subscriber talks to one node, one seed of
 * {@code redis.uri} at a time (the next one after a loss). A cluster client would send each SUBSCRIBE and UNSUBSCRIBE
 * to a node of its choice, and an UNSUBSCRIBE to another node than its SUBSCRIBE would leave the channel subscribed.
 */
final class ChatChannels {

  private static final Logger LOG = LoggerFactory.getLogger(ChatChannels.class);
  private static final long RETRY_MS = 500;
  /** Channels per SUBSCRIBE when the link is restored. */
  private static final int BATCH = 500;

  private final Vertx vertx;
  private final List<Redis> nodes = new ArrayList<>();
  /** Channel -> the event-bus addresses of the hubs that want it. */
  private final Map<String, Set<String>> wanted = new HashMap<>();
  private int node;
  /** The subscribed connection; null while it is being restored. */
  private Link link;
  private boolean closed;

  ChatChannels(Vertx vertx, JsonObject redis) {
    this.vertx = vertx;
    for (String endpoint : Infrastructure.endpoints(redis.getString("uri"))) {
      nodes.add(
        Infrastructure.redis(vertx, redis.copy().put("type", "standalone").put("uri", endpoint).put("poolSize", 1)));
    }
  }

  /** Subscribes the legacy channel and starts answering the hubs; a start-up that cannot subscribe fails. */
  Future<Void> start() {
    vertx.eventBus().<String>localConsumer(ChatBus.SUBSCRIBE, this::subscribe);
    vertx.eventBus().<String>localConsumer(ChatBus.UNSUBSCRIBE, this::unsubscribe);
    return connect();
  }

  void close() {
    closed = true;
    if (link != null) {
      link.connection.close();
    }
    nodes.forEach(Redis::close);
  }

  /** Body: {@code hub address TAB channel}. */
  private void subscribe(Message<String> request) {
    String body = request.body();
    int tab = body.indexOf('\t');
    String hub = body.substring(0, tab);
    String channel = body.substring(tab + 1);
    Set<String> hubs = wanted.computeIfAbsent(channel, k -> new LinkedHashSet<>(2));
    boolean first = hubs.isEmpty();
    hubs.add(hub);
    if (link == null) {
      request.reply(null);
      return;
    }
    Future<Void> confirmed;
    if (first) {
      confirmed = subscribeAll(link, List.of(channel));
    } else {
      // another hub asked first: answered when that SUBSCRIBE is confirmed
      Deque<Promise<Void>> pending = link.confirming.get(channel);
      confirmed = pending == null ? Future.succeededFuture() : pending.peekLast().future();
    }
    confirmed.onComplete(ar -> request.reply(null));
  }

  private void unsubscribe(Message<String> request) {
    String body = request.body();
    int tab = body.indexOf('\t');
    String channel = body.substring(tab + 1);
    Set<String> hubs = wanted.get(channel);
    if (hubs == null || !hubs.remove(body.substring(0, tab)) || !hubs.isEmpty()) {
      return;
    }
    wanted.remove(channel);
    if (link != null) {
      link.connection.send(Request.cmd(Command.UNSUBSCRIBE).arg(channel));
    }
  }

  private Future<Void> connect() {
    return nodes.get(node).connect().compose(connection -> {
      Link attempt = new Link(connection);
      connection.handler(message -> heard(attempt, message));
      connection.exceptionHandler(e -> lost(attempt));
      connection.endHandler(v -> lost(attempt));
      Set<String> channels = new LinkedHashSet<>(wanted.keySet());
      channels.add(ChatRelay.LEGACY_CHANNEL);
      return subscribeAll(attempt, channels).compose(v -> catchUp(attempt, channels)).onSuccess(v -> {
        // watched from here on: a link that fails before it is subscribed is the attempt's failure, not a loss
        link = attempt;
        if (closed) {
          connection.close();
        }
      }).onFailure(e -> connection.close());
    });
  }

  /** Hubs that came or went while a restore subscribed {@code subscribed} were answered at once: catch up with them. */
  private Future<Void> catchUp(Link attempt, Set<String> subscribed) {
    List<String> added = wanted.keySet().stream().filter(c -> !subscribed.contains(c)).toList();
    List<String> dropped = subscribed.stream()
      .filter(c -> !c.equals(ChatRelay.LEGACY_CHANNEL) && !wanted.containsKey(c)).toList();
    if (!dropped.isEmpty()) {
      Request unsubscribe = Request.cmd(Command.UNSUBSCRIBE);
      dropped.forEach(unsubscribe::arg);
      attempt.connection.send(unsubscribe);
      dropped.forEach(subscribed::remove);
    }
    if (added.isEmpty()) {
      return Future.succeededFuture();
    }
    subscribed.addAll(added);
    return subscribeAll(attempt, added).compose(v -> catchUp(attempt, subscribed));
  }

  /**
   * SUBSCRIBE in batches; completes when Redis has confirmed each channel (its {@code subscribe} push). The client
   * completes a SUBSCRIBE when it is written, and a command sent after it on a subscribed connection (a PING) can lose
   * its reply to a push that arrives first, so the confirmations are what is waited for.
   */
  private static Future<Void> subscribeAll(Link link, Collection<String> channels) {
    List<String> all = new ArrayList<>(channels);
    List<Future<Void>> confirmed = new ArrayList<>(all.size());
    for (String channel : all) {
      Promise<Void> promise = Promise.promise();
      link.confirming.computeIfAbsent(channel, c -> new ArrayDeque<>(1)).add(promise);
      confirmed.add(promise.future());
    }
    for (int i = 0; i < all.size(); i += BATCH) {
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      all.subList(i, Math.min(all.size(), i + BATCH)).forEach(subscribe::arg);
      link.connection.send(subscribe).onFailure(link::failAll);
    }
    return Future.all(confirmed).mapEmpty();
  }

  private void heard(Link from, Response message) {
    if (message.type() != ResponseType.PUSH || message.size() < 3) {
      return;
    }
    String kind = message.get(0).toString();
    String channel = message.get(1).toString();
    if ("subscribe".equals(kind)) {
      // one confirmation per SUBSCRIBE, in the order they were sent
      Deque<Promise<Void>> pending = from.confirming.get(channel);
      if (pending != null) {
        pending.poll().tryComplete();
        if (pending.isEmpty()) {
          from.confirming.remove(channel);
        }
      }
      return;
    }
    if (!"message".equals(kind) || from != link) {
      return;
    }
    String envelope = message.get(2).toString();
    if (ChatRelay.LEGACY_CHANNEL.equals(channel)) {
      vertx.eventBus().publish(ChatBus.DELIVER, envelope);
      return;
    }
    Set<String> hubs = wanted.get(channel);
    if (hubs != null) {
      for (String hub : hubs) {
        vertx.eventBus().send(hub, envelope);
      }
    }
  }

  private void lost(Link lost) {
    lost.failAll(new IllegalStateException("Redis connection lost"));
    if (closed || lost != link) {
      return;
    }
    link = null;
    lost.connection.close();
    LOG.warn("Redis subscription of the chat lost; subscribing {} channels again", wanted.size() + 1);
    retry();
  }

  private void retry() {
    vertx.setTimer(RETRY_MS, id -> {
      if (closed) {
        return;
      }
      node = (node + 1) % nodes.size();
      connect()
        .onSuccess(v -> {
          if (!closed) {
            // frames published while no link was up never reached this process
            vertx.eventBus().publish(ChatBus.RESYNC, null);
          }
        })
        .onFailure(e -> retry());
    });
  }

  /** One subscriber connection and the channels it has asked for and Redis has not confirmed yet. */
  private static final class Link {
    final RedisConnection connection;
    final Map<String, Deque<Promise<Void>>> confirming = new HashMap<>();

    Link(RedisConnection connection) {
      this.connection = connection;
    }

    void failAll(Throwable e) {
      confirming.values().forEach(pending -> pending.forEach(p -> p.tryFail(e)));
      confirming.clear();
    }
  }
}
