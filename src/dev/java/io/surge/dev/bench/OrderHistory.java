package io.surge.dev.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The canonical order CSV ({@code order_ref,customer_ref,ordered_at,sku,title,quantity,unit_amount,currency,country,
 * cancelled}) as the evaluation needs it: split by {@code ordered_at}, and per customer the SKUs they bought
 * (cancelled lines left out). Only the title may hold commas (quoted): the four columns before it are read from
 * the left and the five after it from the right.
 */
final class OrderHistory {

  private OrderHistory() {
  }

  /** One line's columns that matter here. */
  record Line(String customer, String orderedAt, String sku, boolean cancelled) {

    static Line parse(String line) {
      String[] left = line.split(",", 5);
      int end = line.length();
      String[] right = new String[5];
      for (int i = 4; i >= 0; i--) {
        int comma = line.lastIndexOf(',', end - 1);
        right[i] = line.substring(comma + 1, end);
        end = comma;
      }
      return new Line(left[1], left[2], left[3], "true".equalsIgnoreCase(right[4].trim()));
    }
  }

  /**
   * Writes the lines ordered before {@code cut} to {@code train} and those in [cut, end) to {@code test}, each with
   * the header; returns {train lines, test lines}. ISO 8601 timestamps in one zone compare as text.
   */
  static long[] split(Path canonical, Path train, Path test, String cut, String end) throws IOException {
    long[] counts = new long[2];
    try (BufferedReader in = Files.newBufferedReader(canonical, StandardCharsets.UTF_8);
      BufferedWriter before = Files.newBufferedWriter(train, StandardCharsets.UTF_8);
      BufferedWriter after = Files.newBufferedWriter(test, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      before.write(header + "\n");
      after.write(header + "\n");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String at = Line.parse(line).orderedAt();
        if (at.compareTo(cut) < 0) {
          before.write(line + "\n");
          counts[0]++;
        } else if (at.compareTo(end) < 0) {
          after.write(line + "\n");
          counts[1]++;
        }
      }
    }
    return counts;
  }

  /** Per customer (guest lines, with no customer, left out) the SKUs bought and not cancelled. */
  static Map<String, Set<String>> bought(Path csv) throws IOException {
    Map<String, Set<String>> bought = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        Line parsed = Line.parse(line);
        if (!parsed.cancelled() && !parsed.customer().isBlank()) {
          bought.computeIfAbsent(parsed.customer(), k -> new HashSet<>()).add(parsed.sku());
        }
      }
    }
    return bought;
  }
}
