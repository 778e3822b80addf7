package io.surge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Success responses. Every response goes through {@link #send} so idempotent POSTs are recorded. */
public final class Replies {

  public static final String JSON = "application/json";

  private Replies() {
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, JSON, body.toBuffer());
  }

  public static void ok(RoutingContext ctx, JsonObject body, int version) {
    ctx.response().putHeader(HttpHeaders.ETAG, ETags.of(version));
    ok(ctx, body);
  }

  public static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.LOCATION, location);
    send(ctx, 201, JSON, body.toBuffer());
  }

  public static void noContent(RoutingContext ctx) {
    send(ctx, 204, null, Buffer.buffer());
  }

  static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    HttpServerResponse response = ctx.response().setStatusCode(status);
    if (contentType != null) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    Idempotency.recordThen(ctx, status, body, () -> {
      if (!response.ended() && !response.closed()) {
        response.end(body);
      }
    });
  }
}
