package io.surge.storefront;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the storefront is served (strict CSP, revalidated assets) and what its code may not do. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class StorefrontPagesTest {

  private static final Path ROOT = Path.of("src/main/resources/webroot/shop");
  /** Ways to turn a string into markup: the storefront sets text only. */
  private static final Pattern HTML_SINKS = Pattern.compile(
    "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser|eval\\(|new Function");

  @Test
  @DisplayName("the shell, scripts and styles come with the strict page policy, no-cache and a validator that answers 304")
  void served(Vertx vertx) {
    Api api = new Api(vertx);
    Reply shell = api.get("/shop/", null);
    assertEquals(200, shell.status(), shell::toString);
    assertTrue(shell.header("Content-Type").startsWith("text/html"), shell::toString);
    String policy = shell.header("Content-Security-Policy");
    assertTrue(policy.contains("script-src 'self'") && policy.contains("default-src 'none'")
      && !policy.contains("unsafe"), policy);
    assertEquals("no-cache", shell.header("Cache-Control"));

    Reply script = api.get("/shop/js/app.js", null);
    assertEquals(200, script.status());
    assertTrue(script.header("Content-Type").contains("javascript"), script::toString);
    String modified = script.header("Last-Modified");
    Reply again = api.call(HttpMethod.GET, "/shop/js/app.js").header("If-Modified-Since", modified).send();
    assertEquals(304, again.status(), again::toString);
    assertEquals(200, api.get("/shop/shop.css", null).status());
    assertEquals(404, api.get("/shop/js/nothing-here.js", null).status());
  }

  @Test
  @DisplayName("no storefront script parses text as HTML, and its own code stays under 100 KB gzipped")
  void textOnlyAndSmall() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    long gzipped = 0;
    for (Path file : files) {
      String text = Files.readString(file);
      if (file.toString().endsWith(".js")) {
        assertTrue(!HTML_SINKS.matcher(text).find(), file + " uses an HTML sink");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      gzipped += out.size();
    }
    assertTrue(files.size() >= 10, files::toString);
    assertTrue(gzipped < 100_000, "storefront code is " + gzipped + " bytes gzipped");
  }
}
