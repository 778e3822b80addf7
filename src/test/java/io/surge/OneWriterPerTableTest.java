package io.surge;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One writer per table: every table is written (INSERT, UPDATE, DELETE) from the SQL of one domain
 * package only; everyone else calls that domain's functions inside their own transaction. Reads the
 * sources, not a server: the SQL in Java string literals and text blocks under src/main/java, the
 * tables from the Flyway migrations (so words like "update the cart" in a message are no table).
 */
class OneWriterPerTableTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path ROOT = SOURCES.resolve("io/surge");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Pattern CREATE_TABLE = Pattern.compile(
    "create\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:public\\.)?([a-z_][a-z0-9_]*)",
    Pattern.CASE_INSENSITIVE);
  private static final Pattern WRITE = Pattern.compile(
    "\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(?:\\s+table)?)\\s+(?:only\\s+)?(?:public\\.)?"
      + "([a-z_][a-z0-9_]*)",
    Pattern.CASE_INSENSITIVE);

  /** Where a table is written from: the file and line of the literal. */
  private record Write(String table, String domain, String where) {
  }

  @Test
  @DisplayName("every table is written from exactly one domain package")
  void oneWriterPerTable() throws IOException {
    Set<String> tables = tables();
    List<Write> writes = writes(tables);
    Map<String, Map<String, List<String>>> writers = new TreeMap<>();
    writes.forEach(w -> writers.computeIfAbsent(w.table(), t -> new TreeMap<>())
      .computeIfAbsent(w.domain(), d -> new ArrayList<>()).add(w.where()));

    // The scan must see the shop's writes at all, or it proves nothing.
    assertTrue(writers.containsKey("orders") && writers.containsKey("skus") && writers.containsKey("users"),
      "the scan found no writes to orders, skus or users: " + writers.keySet());

    StringBuilder offenders = new StringBuilder();
    writers.forEach((table, domains) -> {
      if (domains.size() > 1) {
        offenders.append("\n  ").append(table).append(" is written from ").append(domains.size()).append(" domains:");
        domains.forEach(
          (domain, where) -> offenders.append("\n    ").append(domain).append(": ").append(String.join(", ", where)));
      }
    });
    if (!offenders.isEmpty()) {
      fail("Tables with more than one writer (move the writes into the owning domain and call it with the caller's "
        + "transaction):" + offenders);
    }
  }

  @Test
  @DisplayName("the scanner reads SQL in string literals and text blocks, not in comments")
  void scannerReadsLiteralsOnly() {
    String source = """
      // UPDATE skus in a comment
      /* DELETE FROM orders in a block comment */
      class X {
        String a = "INSERT INTO orders (id) VALUES ($1)";
        String b = \"""
          SELECT 1 FROM skus FOR UPDATE SKIP LOCKED;
          insert into order_lines(order_id) SELECT 1 ON CONFLICT DO UPDATE SET x = 1
          \""";
        String c = "update the cart \\" UPDATE skus SET";
        char d = '"';
        String e = "delete from  users";
      }
      """;
    List<String> found = new ArrayList<>();
    for (String literal : literals(source)) {
      Matcher m = WRITE.matcher(literal);
      while (m.find()) {
        found.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    found.retainAll(Set.of("orders", "order_lines", "skus", "users"));
    assertEquals(List.of("orders", "order_lines", "skus", "users"), found);
  }

  private static Set<String> tables() throws IOException {
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        Matcher m = CREATE_TABLE.matcher(Files.readString(file));
        while (m.find()) {
          tables.add(m.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    assertTrue(tables.size() > 10, "too few tables found in " + MIGRATIONS.toAbsolutePath() + ": " + tables);
    return tables;
  }

  private static List<Write> writes(Set<String> tables) throws IOException {
    List<Write> writes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(file);
        String domain = domain(file);
        List<int[]> spans = new ArrayList<>();
        List<String> literals = literals(source, spans);
        for (int i = 0; i < literals.size(); i++) {
          Matcher m = WRITE.matcher(literals.get(i));
          while (m.find()) {
            String table = m.group(1).toLowerCase(Locale.ROOT);
            if (tables.contains(table)) {
              int line = (int) source.substring(0, spans.get(i)[0]).chars().filter(c -> c == '\n').count() + 1;
              writes.add(new Write(table, domain, SOURCES.relativize(file) + ":" + line));
            }
          }
        }
      }
    }
    return writes;
  }

  /**
   * The domain a source file belongs to: its package under io.surge, sub-packages included
   * (catalog.images is catalog), except where that package only groups domains (support.chat and
   * support.tickets are two).
   */
  private static String domain(Path file) {
    Path relative = ROOT.relativize(file);
    if (relative.getNameCount() < 2) {
      return "io.surge";
    }
    String top = relative.getName(0).toString();
    if (relative.getNameCount() > 2 && !hasJavaFiles(ROOT.resolve(top))) {
      return top + "." + relative.getName(1);
    }
    return top;
  }

  private static boolean hasJavaFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> Files.isRegularFile(f) && f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> literals(String source) {
    return literals(source, new ArrayList<>());
  }

  /** The contents of the string literals and text blocks of a Java source, skipping comments and char literals. */
  static List<String> literals(String source, List<int[]> spans) {
    List<String> literals = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        i = source.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        i = source.indexOf("*/", i + 2);
        i = i < 0 ? n : i + 2;
      } else if (c == '\'') {
        i = skipQuoted(source, i + 1, '\'');
      } else if (source.startsWith("\"\"\"", i)) {
        int start = i + 3;
        int end = start;
        while (end < n && !(source.startsWith("\"\"\"", end) && !escaped(source, end))) {
          end++;
        }
        literals.add(source.substring(start, Math.min(end, n)));
        spans.add(new int[] {start, end});
        i = end + 3;
      } else if (c == '"') {
        int end = skipQuoted(source, i + 1, '"');
        literals.add(source.substring(i + 1, Math.max(i + 1, end - 1)));
        spans.add(new int[] {i + 1, end});
        i = end;
      } else {
        i++;
      }
    }
    return literals;
  }

  /** The index just past the closing quote. */
  private static int skipQuoted(String source, int from, char quote) {
    int i = from;
    while (i < source.length() && source.charAt(i) != quote) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  /** Whether the character at {@code at} is preceded by an odd number of backslashes. */
  private static boolean escaped(String source, int at) {
    int backslashes = 0;
    for (int i = at - 1; i >= 0 && source.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }
}
