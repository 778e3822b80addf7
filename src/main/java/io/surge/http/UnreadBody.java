package io.surge.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

/**
 * A request body that {@link RequestBodies} left unread ({@code application/x-ndjson}, {@code text/csv}), for a handler
 * that streams it: {@code UnreadBody.of(ctx)}. It starts paused; call {@link #resume()} or
 * {@link #fetch(long)} after setting the handlers.
 *
 * <p>Why it exists rather than a bare {@code request.pause()}: vertx-web 5 routing never pauses a
 * request, and Vert.x drops body chunks that arrive while a request has no data handler. Between the
 * root handlers and the operation's handler, vertx-web's {@code AuthenticationHandlerImpl} (our JWT
 * handler) pauses the request and resumes it once the token is checked, and the OpenAPI validation
 * then runs on a worker thread ({@code RequestValidatorImpl} uses {@code executeBlocking}), so chunks
 * can arrive with nobody listening. A guard handler therefore re-pauses the request on the first
 * such chunk and holds it (at most what one delivery carries) until the consumer asks for data.
 */
public final class UnreadBody implements ReadStream<Buffer> {

  public static final String NDJSON = "application/x-ndjson";
  /** Order history imports stream CSV too (one record per line). */
  public static final String CSV = "text/csv";
  private static final String KEY = "surge.unreadBody";

  private final HttpServerRequest request;
  private Buffer held;
  private boolean endHeld;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  private UnreadBody(HttpServerRequest request) {
    this.request = request;
    request.pause();
    request.handler(this::onChunk);
    request.endHandler(this::onEnd);
  }

  static void hold(RoutingContext ctx) {
    ctx.put(KEY, new UnreadBody(ctx.request()));
    ctx.next();
  }

  /** The unread body of an NDJSON or CSV request; null for any other request. */
  public static UnreadBody of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private void onChunk(Buffer chunk) {
    if (handler == null || held != null) {
      request.pause();
      held = held == null ? chunk.copy() : held.appendBuffer(chunk);
    } else {
      handler.handle(chunk);
    }
  }

  private void onEnd(Void v) {
    if (handler == null || held != null) {
      endHeld = true;
    } else if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  @Override
  public UnreadBody handler(Handler<Buffer> handler) {
    request.pause();
    this.handler = handler;
    return this;
  }

  @Override
  public UnreadBody endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public UnreadBody exceptionHandler(Handler<Throwable> handler) {
    request.exceptionHandler(handler);
    return this;
  }

  @Override
  public UnreadBody pause() {
    request.pause();
    return this;
  }

  @Override
  public UnreadBody resume() {
    return fetch(Long.MAX_VALUE);
  }

  /** Replays what the guard held, then lets the request flow. */
  @Override
  public UnreadBody fetch(long amount) {
    long left = amount;
    if (held != null && handler != null && left > 0) {
      Buffer chunk = held;
      held = null;
      left = left == Long.MAX_VALUE ? left : left - 1;
      handler.handle(chunk);
    }
    if (endHeld && held == null) {
      endHeld = false;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return this;
    }
    if (left > 0) {
      request.fetch(left);
    }
    return this;
  }
}
