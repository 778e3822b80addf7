package io.surge.orders.push;

import io.surge.auth.AccessTokens;
import io.surge.auth.Roles;
import io.surge.auth.SessionRevocations;
import io.surge.http.ApiException;
import io.surge.orders.OrdersBus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/v1/me/order-events}: a Server-Sent Events stream of the caller's own order events
 * ({@code order.created} as soon as a flash-sale purchase or checkout is written, then paid, shipped,
 * cancelled...). The stream is a convenience: the purchase status and order endpoints stay the truth.
 * A comment every 15 s keeps proxies from closing it; a client that stops reading is disconnected. The stream lives
 * no longer than its access token: at the token's expiry, or as soon as its session ends (password change, logout,
 * role change, account disabled), it sends a {@code session_ended} event and closes; the client reconnects with a
 * fresh token.
 */
public final class OrderEventStream {

  public static final int MAX_STREAMS_PER_USER = 5;
  private static final long HEARTBEAT_MILLIS = 15_000;
  /** Open streams per user in this process. */
  private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final AccessTokens tokens;

  private OrderEventStream(Vertx vertx, AccessTokens tokens) {
    this.vertx = vertx;
    this.tokens = tokens;
  }

  public static void mount(RouterBuilder api, Vertx vertx, AccessTokens tokens) {
    api.getRoute("streamOrderEvents").addHandler(new OrderEventStream(vertx, tokens)::open);
  }

  private void open(RoutingContext ctx) {
    String userId = Roles.userId(ctx);
    AtomicInteger open = OPEN.computeIfAbsent(userId, id -> new AtomicInteger());
    if (open.incrementAndGet() > MAX_STREAMS_PER_USER) {
      release(userId, open);
      ctx.fail(ApiException.tooManyRequests(5));
      return;
    }
    HttpServerResponse response = ctx.response().setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      // Compression would hold events back in the deflater's buffer.
      .putHeader("Content-Encoding", "identity")
      .putHeader("X-Accel-Buffering", "no");
    MessageConsumer<String> events = vertx.eventBus().localConsumer(OrdersBus.customerEvents(userId), message -> {
      if (response.writeQueueFull()) {
        response.reset();
        return;
      }
      response.write(frame(new JsonObject(message.body())));
    });
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> response.write(": keep-alive\n\n"));
    User user = ctx.user();
    long expiry = vertx.setTimer(Math.max(1, AccessTokens.expiresAtMillis(user) - System.currentTimeMillis()),
      id -> end(response, "token_expired"));
    MessageConsumer<Void> sessionEnded = vertx.eventBus().localConsumer(SessionRevocations.endedAddress(userId),
      message -> {
        if (tokens.sessions().ended(user)) {
          end(response, "session_ended");
        }
      });
    // Whichever comes first: the client goes away, or the stream is ended here (an expired token, an ended session)
    // while the connection stays open for its next request. Only a close used to count: an ended stream kept its
    // heartbeat writing to the ended response, and its place among the user's streams. (Vert.x Web's end handlers
    // see both; setting the response's own handlers would replace Vert.x Web's.)
    ctx.addEndHandler(ended -> {
      vertx.cancelTimer(heartbeat);
      vertx.cancelTimer(expiry);
      events.unregister();
      sessionEnded.unregister();
      release(userId, open);
    });
    events.completion().onComplete(ar -> response.write(": ready\n\n"));
  }

  /** Tells the client why (its token is no longer good) and closes the stream. */
  private static void end(HttpServerResponse response, String reason) {
    if (!response.ended() && !response.closed()) {
      response.end(Buffer.buffer("event: session_ended\ndata: ")
        .appendString(new JsonObject().put("reason", reason).encode()).appendString("\n\n"));
    }
  }

  static boolean anyoneListening() {
    return !OPEN.isEmpty();
  }

  private static void release(String userId, AtomicInteger open) {
    if (open.decrementAndGet() <= 0) {
      OPEN.remove(userId, open);
    }
  }

  /** {@code id}, {@code event} and one {@code data} line (the envelope as compact JSON has no newline). */
  static Buffer frame(JsonObject event) {
    return Buffer.buffer(256).appendString("id: ").appendString(event.getString("id", ""))
      .appendString("\nevent: ").appendString(event.getString("type", "order"))
      .appendString("\ndata: ").appendString(event.encode()).appendString("\n\n");
  }
}
