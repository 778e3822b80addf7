package io.surge.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel this process listens to, kept subscribed: when the link is lost it
 * resubscribes every half second until it succeeds. An error and the end can both arrive for one lost
 * link, so each link is given up once, and only one attempt to come back runs at a time.
 */
public final class ChannelSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscription.class);
  private static final long RETRY_MS = 500;

  private final Vertx vertx;
  private final Redis client;
  private final String channel;
  private final Handler<String> onMessage;
  private Runnable onLost = () -> {
  };
  private Runnable onRestored = () -> {
  };
  private RedisConnection connection;
  private boolean closed;

  /** {@code client} serves this subscription alone: a subscribed connection can send nothing else. */
  public ChannelSubscription(Vertx vertx, Redis client, String channel, Handler<String> onMessage) {
    this.vertx = vertx;
    this.client = client;
    this.channel = channel;
    this.onMessage = onMessage;
  }

  /** Runs when the link is lost and after each failed attempt to restore it: messages may be missed all that time. */
  public ChannelSubscription onLost(Runnable action) {
    this.onLost = action;
    return this;
  }

  /** Runs once the channel is subscribed again after a loss. */
  public ChannelSubscription onRestored(Runnable action) {
    this.onRestored = action;
    return this;
  }

  /** The first subscription; a start-up that cannot subscribe fails. */
  public Future<Void> start() {
    return subscribe();
  }

  public void close() {
    closed = true;
    if (connection != null) {
      connection.close();
    }
  }

  private Future<Void> subscribe() {
    return client.connect().compose(link -> {
      link.handler(this::deliver);
      link.exceptionHandler(e -> lost(link));
      link.endHandler(v -> lost(link));
      return link.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
        .<Void>mapEmpty()
        .onSuccess(v -> {
          // Watched from here on: a link that fails before it is subscribed is the attempt's failure, not a loss.
          connection = link;
          if (closed) {
            link.close();
          }
        })
        .onFailure(e -> link.close());
    });
  }

  private void deliver(Response message) {
    if (message.type() == ResponseType.PUSH && message.size() == 3 && "message".equals(message.get(0).toString())) {
      onMessage.handle(message.get(2).toString());
    }
  }

  private void lost(RedisConnection link) {
    if (closed || link != connection) {
      return;
    }
    connection = null;
    link.close();
    LOG.warn("Redis subscription to {} lost; resubscribing", channel);
    onLost.run();
    retry();
  }

  private void retry() {
    vertx.setTimer(RETRY_MS, id -> {
      if (closed) {
        return;
      }
      subscribe()
        .onSuccess(v -> {
          if (!closed) {
            onRestored.run();
          }
        })
        .onFailure(e -> {
          onLost.run();
          retry();
        });
    });
  }
}
