package io.surge.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every domain builds on {@code io.surge.http}; if it reached back into a domain (or into {@code io.surge.app},
 * which wires the domains together) the packages would form a cycle again. Read from the sources, no server.
 */
class SharedHttpDependenciesTest {

  private static final Path HTTP_SOURCES = Path.of("src/main/java/io/surge/http");
  private static final Pattern DOMAIN_REFERENCE = Pattern.compile(
    "\\bio\\.surge\\.(app|users|catalog|cart|orders|flashsale|payments|reviews|support|outbox|recommendations)\\b");

  @Test
  @DisplayName("the shared HTTP package names no domain package and not the composition in io.surge.app")
  void namesNoDomain() throws IOException {
    assertTrue(Files.isDirectory(HTTP_SOURCES), "run from the project root: " + HTTP_SOURCES.toAbsolutePath());
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(HTTP_SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher domain = DOMAIN_REFERENCE.matcher(lines.get(i));
          if (domain.find()) {
            found.add(HTTP_SOURCES.relativize(file) + ":" + (i + 1) + " names io.surge." + domain.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  @DisplayName("the scan itself sees an import of a domain package (a rule that cannot fail proves nothing)")
  void scanSeesDomainImports() {
    assertTrue(DOMAIN_REFERENCE.matcher("import io.surge.orders.OrdersApi;").find());
    assertTrue(DOMAIN_REFERENCE.matcher("import static io.surge.support.chat.ChatBus.DELIVER;").find());
    assertTrue(DOMAIN_REFERENCE.matcher("import io.surge.app.ApiVerticle;").find());
    assertFalse(DOMAIN_REFERENCE.matcher("import io.surge.http.Problems;").find());
    assertFalse(DOMAIN_REFERENCE.matcher("import io.surge.config.SurgeConfig;").find());
    assertFalse(DOMAIN_REFERENCE.matcher("import io.surge.cartography.Map;").find());
  }
}
