package io.surge.console;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the console is served (strict CSP, fingerprinted immutable assets) and what its code may not do. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ConsolePagesTest {

  private static final Path ROOT = Path.of("src/main/resources/webroot/admin");
  private static final Pattern HTML_SINKS = Pattern.compile(
    "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser|eval\\(|new Function");
  private static final Pattern SCRIPT = Pattern.compile("src=\"(/admin/a/([0-9a-f]{16})/js/app\\.js)\"");

  @Test
  @DisplayName("the page is revalidated; its scripts, styles and the chart library sit under a content fingerprint, cached as immutable")
  void fingerprinted(Vertx vertx) {
    Api api = new Api(vertx);
    Reply page = api.get("/admin/", null);
    assertEquals(200, page.status(), page::toString);
    assertEquals("no-cache", page.header("Cache-Control"));
    String policy = page.header("Content-Security-Policy");
    assertTrue(policy.contains("script-src 'self'") && policy.contains("default-src 'none'")
      && !policy.contains("unsafe"), policy);
    Matcher script = SCRIPT.matcher(page.body().toString());
    assertTrue(script.find(), page.body().toString());
    String base = "/admin/a/" + script.group(2);

    Reply app = api.get(script.group(1), null);
    assertEquals(200, app.status(), app::toString);
    assertTrue(app.header("Content-Type").contains("javascript"), app::toString);
    assertEquals(ConsolePages.IMMUTABLE, app.header("Cache-Control"));
    // a relative import from app.js lands under the same fingerprint
    assertEquals(200, api.get(base + "/js/sections/index.js", null).status());
    assertEquals(200, api.get(base + "/console.css", null).status());
    Reply chart = api.get(base + "/vendor/uplot/uPlot.esm.js", null);
    assertEquals(200, chart.status(), chart::toString);
    assertEquals(ConsolePages.IMMUTABLE, chart.header("Cache-Control"));

    // a page from before a deploy asks for an old fingerprint: today's file, not cached for good
    Reply stale = api.get("/admin/a/0000000000000000/js/app.js", null);
    assertEquals(200, stale.status(), stale::toString);
    assertEquals("no-cache", stale.header("Cache-Control"));
    assertEquals(404, api.get(base + "/js/nothing-here.js", null).status());
  }

  @Test
  @DisplayName("no console script parses text as HTML, and every file stays small")
  void textOnlyAndSmall() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String text = Files.readString(file);
      if (file.toString().endsWith(".js")) {
        assertTrue(!HTML_SINKS.matcher(text).find(), file + " uses an HTML sink");
      }
      assertTrue(text.lines().count() < 400, file + " has 400 lines or more");
    }
  }
}
