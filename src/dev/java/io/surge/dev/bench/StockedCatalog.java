package io.surge.dev.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The shop's catalogue before its order history is imported: one active product per SKU code of the canonical order
 * CSV, with stock, as {@code POST /api/v1/admin/products:import} NDJSON. Why: the order import makes unknown codes
 * into products with no stock, and a shop only recommends what it can sell (sold-out products never appear), so
 * without this every list of the evaluation is empty. The order import then finds these SKUs by code.
 */
final class StockedCatalog {

  private StockedCatalog() {
  }

  /** Writes one product line per code (title and price of its first line) with {@code onHand} units; the count. */
  static int write(Path canonical, Path ndjson, int onHand) throws IOException {
    Map<String, JsonObject> byCode = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(canonical, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] left = line.split(",", 5);
        String code = left[3];
        if (byCode.containsKey(code)) {
          continue;
        }
        String[] right = new String[5];
        int end = line.length();
        for (int i = 4; i >= 0; i--) {
          int comma = line.lastIndexOf(',', end - 1);
          right[i] = line.substring(comma + 1, end);
          end = comma;
        }
        int titleStart = left[0].length() + left[1].length() + left[2].length() + left[3].length() + 4;
        String title = unquote(line.substring(titleStart, end)).strip();
        title = title.isEmpty() ? code : title.substring(0, Math.min(200, title.length()));
        byCode.put(code, new JsonObject().put("slug", slug(title, code)).put("title", title).put("status", "active")
          .put("skus", new JsonArray().add(new JsonObject().put("code", code)
            .put("price", new JsonObject().put("amount", Long.parseLong(right[1].strip())).put("currency",
              right[2].strip()))
            .put("on_hand", onHand))));
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8)) {
      for (JsonObject product : byCode.values()) {
        out.write(product.encode());
        out.write('\n');
      }
    }
    return byCode.size();
  }

  private static String unquote(String field) {
    return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
      ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
  }

  /** Title words, the code, and a checksum of the code: unique across codes that differ only in case. */
  private static String slug(String title, String code) {
    String words = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (words.length() > 80) {
      words = words.substring(0, 80).replaceAll("-+$", "");
    }
    String codePart = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    CRC32 crc = new CRC32();
    crc.update(code.getBytes(StandardCharsets.UTF_8));
    String check = String.format(Locale.ROOT, "%08x", crc.getValue()).substring(0, 6);
    return String.join("-", java.util.stream.Stream.of(words, codePart, check).filter(s -> !s.isEmpty()).toList());
  }
}
