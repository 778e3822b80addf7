package io.surge.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The merchant's console at {@code /admin/}: static ES modules on the public admin API, like the storefront. The page
 * itself is revalidated on every load; everything it loads sits under {@code /admin/a/<fingerprint>/} and is cached
 * as immutable, since a changed file changes the fingerprint (computed once at start, on a worker).
 */
public final class ConsolePages {

  /** Own scripts, styles and API calls only; blob: for the preview of an image being dropped before upload. */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "connect-src 'self'; img-src 'self' data: blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final ConsoleAssets assets;
  private final Buffer index;

  private ConsolePages(ConsoleAssets assets) {
    this.assets = assets;
    this.index = assets == null ? null : Buffer.buffer(assets.indexHtml());
  }

  public static Future<ConsolePages> load(Vertx vertx, ConsoleSettings settings) {
    if (!settings.enabled()) {
      return Future.succeededFuture(new ConsolePages(null));
    }
    return vertx.executeBlocking(() -> new ConsolePages(ConsoleAssets.load()));
  }

  /** The fingerprint in every asset URL (null when the console is off). */
  public String version() {
    return assets == null ? null : assets.version();
  }

  public void mount(Router router) {
    if (assets == null) {
      return;
    }
    String base = "/admin/a/" + assets.version();
    router.get("/admin").handler(ctx -> {
      if ("/admin".equals(ctx.request().path())) {
        ctx.redirect("/admin/");
      } else {
        ctx.next();
      }
    });
    router.route("/admin/*").handler(ConsolePages::policy);
    router.get("/admin/").handler(this::page);
    router.get("/admin/index.html").handler(this::page);
    router.route(base + "/vendor/uplot/*").handler(ConsolePages::immutable)
      .handler(StaticHandler.create("META-INF/resources/webjars/uplot/" + assets.uplotVersion() + "/dist")
        .setCachingEnabled(true).setMaxAgeSeconds(31_536_000));
    router.route(base + "/*").handler(ConsolePages::immutable)
      .handler(StaticHandler.create(ConsoleAssets.ROOT).setCachingEnabled(true).setMaxAgeSeconds(31_536_000)
        .setDirectoryListing(false));
    // A page loaded before a deploy still asks for the old fingerprint: give it today's file, revalidated.
    router.route("/admin/a/*").handler(ctx -> {
      String rest = ctx.request().path().substring("/admin/a/".length());
      int slash = rest.indexOf('/');
      if (slash < 0 || rest.startsWith(assets.version() + "/")) {
        ctx.next();
      } else {
        ctx.put("console.stale", true);
        ctx.reroute(base + rest.substring(slash));
      }
    });
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(index);
  }

  private static void policy(RoutingContext ctx) {
    ctx.response().headers().set("Content-Security-Policy", PAGE_POLICY).set("X-Content-Type-Options", "nosniff")
      .set("X-Frame-Options", "DENY").set("Referrer-Policy", "same-origin");
    ctx.next();
  }

  private static void immutable(RoutingContext ctx) {
    boolean stale = Boolean.TRUE.equals(ctx.get("console.stale"));
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL,
      stale ? "no-cache" : IMMUTABLE));
    ctx.next();
  }
}
