package io.surge.orders.imports;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.surge.http.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two syntaxes of an order history file, read one line at a time: CSV with a header row ({@code text/csv}; no line
 * breaks inside fields) and newline-delimited JSON ({@code application/x-ndjson}).
 */
abstract class ImportFormat {

  static final String CSV = io.surge.http.UnreadBody.CSV;

  /** A line read: a row, or an error (with the order reference when it could be read), or nothing to import. */
  record Parsed(ImportRow row, String orderRef, RowError error) {

    static final Parsed SKIPPED = new Parsed(null, null, null);

    boolean skipped() {
      return row == null && error == null;
    }
  }

  static ImportFormat of(String mediaType) {
    return CSV.equals(mediaType) ? new Csv() : new Ndjson();
  }

  /** Whether the first line is a header, read by {@link #header}. */
  abstract boolean hasHeader();

  /** The header's problems, naming the columns; empty when it is fine. */
  List<FieldError> header(String text) {
    return List.of();
  }

  abstract Parsed parse(int line, String text);

  private static final class Csv extends ImportFormat {

    private static final ObjectReader LINE = new CsvMapper().readerFor(String[].class);

    private final Map<String, Integer> columns = new HashMap<>();

    @Override
    boolean hasHeader() {
      return true;
    }

    @Override
    List<FieldError> header(String text) {
      List<FieldError> problems = new ArrayList<>();
      String[] names;
      try {
        names = split(text.startsWith("\uFEFF") ? text.substring(1) : text);
      } catch (IOException e) {
        return List.of(new FieldError("header", "malformed_csv", "The header row is not valid CSV."));
      }
      for (int i = 0; i < names.length; i++) {
        String name = names[i].trim();
        if (!ImportFields.ALL.contains(name)) {
          problems.add(new FieldError(name, "unknown_column", "Unknown column '" + name + "'; the columns are "
            + "order_ref, customer_ref, ordered_at, sku, title, quantity, unit_amount, currency, country, cancelled."));
        } else if (columns.putIfAbsent(name, i) != null) {
          problems.add(new FieldError(name, "duplicate_column", "The column " + name + " appears twice."));
        }
      }
      ImportFields.REQUIRED.stream().filter(name -> !columns.containsKey(name)).sorted()
        .forEach(name -> problems.add(new FieldError(name, "missing_column", "The column " + name + " is required.")));
      return problems;
    }

    @Override
    Parsed parse(int line, String text) {
      if (text.isBlank()) {
        return Parsed.SKIPPED;
      }
      String[] values;
      try {
        values = split(text);
      } catch (IOException e) {
        return new Parsed(null, null, new RowError("malformed_csv", null, "The line is not valid CSV."));
      }
      Integer refColumn = columns.get(ImportFields.ORDER_REF);
      String ref = refColumn < values.length ? blankToNull(values[refColumn]) : null;
      try {
        return new Parsed(ImportFields.row(line, name -> {
          Integer column = columns.get(name);
          return column == null || column >= values.length ? null : blankToNull(values[column]);
        }), ref, null);
      } catch (RowError e) {
        return new Parsed(null, ref, e);
      }
    }

    /**
     * A line without quotes is its commas (RFC 4180: only a quoted field may hold a comma or a quote), split here in
     * a fraction of a microsecond; a quoted line goes to Jackson's CSV parser, which knows the escaping rules.
     */
    private static String[] split(String text) throws IOException {
      if (text.indexOf('"') < 0) {
        return text.split(",", -1);
      }
      String[] values = LINE.readValue(text);
      return values == null ? new String[0] : values;
    }
  }

  private static final class Ndjson extends ImportFormat {

    @Override
    boolean hasHeader() {
      return false;
    }

    @Override
    Parsed parse(int line, String text) {
      if (text.isBlank()) {
        return Parsed.SKIPPED;
      }
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        return new Parsed(null, null, new RowError("malformed_json", null, "The line is not a JSON object."));
      }
      String ref = json.getValue(ImportFields.ORDER_REF) instanceof String s ? blankToNull(s) : null;
      try {
        return new Parsed(ImportFields.row(line, name -> {
          Object value = json.getValue(name);
          if (value instanceof JsonObject || value instanceof io.vertx.core.json.JsonArray) {
            throw RowError.invalid(name, name + " must be a string or a number.");
          }
          return value == null ? null : blankToNull(value.toString());
        }), ref, null);
      } catch (RowError e) {
        return new Parsed(null, ref, e);
      }
    }
  }

  private static String blankToNull(String value) {
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
