package io.surge.catalog.images;

import io.surge.http.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /media/<key>}: stored image bytes. Keys are random and never reused, so a response may
 * be cached for a year; nosniff keeps browsers to the declared type.
 */
final class MediaRoutes {

  static final String PREFIX = "/media/";
  private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

  private final ImageStorage storage;

  MediaRoutes(ImageStorage storage) {
    this.storage = storage;
  }

  void mount(Router router) {
    router.get(PREFIX + "*").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String key = ctx.request().path().substring(PREFIX.length());
    String contentType = contentType(key);
    if (contentType == null) {
      ctx.fail(ApiException.notFound("The image"));
      return;
    }
    storage.get(key)
      .onSuccess(bytes -> {
        if (bytes == null) {
          ctx.fail(ApiException.notFound("The image"));
        } else {
          ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_FOREVER)
            .putHeader("X-Content-Type-Options", "nosniff")
            // storefronts on other origins embed these; the API's same-origin default would block them
            .putHeader("Cross-Origin-Resource-Policy", "cross-origin")
            // already compressed: keep the server's gzip off it
            .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
            .end(bytes);
        }
      })
      .onFailure(ctx::fail);
  }

  /** By the key's extension, which this server chose from the bytes it wrote. */
  static String contentType(String key) {
    if (key.endsWith(".jpg")) {
      return "image/jpeg";
    }
    return key.endsWith(".png") ? "image/png" : null;
  }
}
