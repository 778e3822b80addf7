package io.surge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes RFC 9457 {@code application/problem+json} bodies. The only place that does. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://surge.example/problems/";

  private Problems() {
  }

  public static JsonObject body(ApiException e, RoutingContext ctx) {
    JsonObject problem = new JsonObject()
      .put("type", TYPE_BASE + e.code().replace('_', '-'))
      .put("title", e.title())
      .put("status", e.status())
      .put("detail", e.getMessage())
      .put("code", e.code())
      .put("instance", ctx.request().path())
      .put("request_id", RequestIds.of(ctx));
    if (!e.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      e.errors().forEach(error -> errors.add(error.toJson()));
      problem.put("errors", errors);
    }
    return problem;
  }

  /** Sends the problem, through the idempotency store when the request carries a key. */
  public static void send(RoutingContext ctx, ApiException e) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    e.headers().forEach(response::putHeader);
    Buffer body = body(e, ctx).toBuffer();
    Replies.send(ctx, e.status(), CONTENT_TYPE, body);
  }
}
