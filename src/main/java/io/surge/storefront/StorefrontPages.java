package io.surge.storefront;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The reference storefront: static ES modules and CSS under {@code webroot/shop}, talking to the public API
 * from the same origin. Assets are revalidated on every load ({@code no-cache} with {@code Last-Modified}), so a
 * deploy is seen at once without fingerprinted names (no build step to rename them).
 */
public final class StorefrontPages {

  /** Own scripts, styles and API calls only; images from this origin (media) and data: for drawn placeholders. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  private StorefrontPages() {
  }

  public static void mount(Router router, StorefrontSettings settings) {
    if (!settings.enabled()) {
      return;
    }
    // Vert.x matches "/shop" for "/shop/" too: only the bare path is redirected.
    router.get("/shop").handler(ctx -> {
      if ("/shop".equals(ctx.request().path())) {
        ctx.redirect("/shop/");
      } else {
        ctx.next();
      }
    });
    router.route("/shop/*")
      .handler(ctx -> {
        ctx.response().headers().set("Content-Security-Policy", PAGE_POLICY).set("X-Content-Type-Options", "nosniff")
          .set("X-Frame-Options", "DENY").set("Referrer-Policy", "same-origin");
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache"));
        ctx.next();
      })
      .handler(StaticHandler.create("webroot/shop").setCachingEnabled(true).setMaxAgeSeconds(0)
        .setIndexPage("index.html"));
  }
}
