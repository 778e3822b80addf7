package io.surge.dev.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Converts the UCI "Online Retail" export (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country) into Surge's canonical order history CSV, as {@code benchmarks/online-retail-orders.sh} runs
 * it. What the real data holds and what becomes of it:
 * <ul>
 * <li>an invoice is an order ({@code order_ref} = InvoiceNo); its lines are written together even where the export
 * scatters them;</li>
 * <li>a blank CustomerID is a guest order (blank {@code customer_ref}); {@code 17850.0} becomes {@code 17850};</li>
 * <li>an invoice starting with C is a cancellation: an order of its own, its quantities made positive,
 * {@code cancelled} true;</li>
 * <li>postage, fees and manual entries are not merchandise and are dropped: POST, DOT, M, C2 (carriage), D (discount),
 * S (samples), BANK CHARGES, AMAZONFEE, CRUK (commission), PADS, B (bad debt), gift vouchers (gift_0001_*);</li>
 * <li>a zero or negative price, or a zero or negative quantity outside a cancellation, is a stock correction or an
 * adjustment, not a sale: dropped;</li>
 * <li>prices in pounds become pence (GBP minor units); the shop's local time (Europe/London) becomes ISO 8601 with
 * its offset; a blank description becomes the stock code.</li>
 * </ul>
 * Optional environment: ONLINE_RETAIL_FROM / ONLINE_RETAIL_BEFORE (yyyy-mm-dd) keep only orders in that window.
 */
public final class OnlineRetailOrders {

  private static final Set<String> NOT_MERCHANDISE = Set.of("POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES",
    "AMAZONFEE", "CRUK", "PADS", "B");
  private static final DateTimeFormatter EXPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final ZoneId SHOP_TIME = ZoneId.of("Europe/London");
  private static final String[] HEADER = {"order_ref", "customer_ref", "ordered_at", "sku", "title", "quantity",
    "unit_amount", "currency", "country", "cancelled"};

  private OnlineRetailOrders() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OnlineRetailOrders INPUT.csv[.gz] OUTPUT.csv");
      System.exit(2);
    }
    LocalDateTime from = day(System.getenv("ONLINE_RETAIL_FROM"));
    LocalDateTime before = day(System.getenv("ONLINE_RETAIL_BEFORE"));
    Map<String, List<String[]>> orders = new LinkedHashMap<>();
    Map<String, Integer> dropped = new TreeMap<>();
    int read = 0;
    // Quotes only where CSV needs them (a comma or quote in a title), so most lines take the import's fast path.
    CsvMapper csv = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    try (InputStream raw = Files.newInputStream(Path.of(args[0]));
      InputStream in = args[0].endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      MappingIterator<String[]> rows = csv.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
        .readValues(reader)) {
      rows.next(); // header
      while (rows.hasNext()) {
        String[] row = rows.next();
        read++;
        String reason = convert(row, from, before, orders);
        if (reason != null) {
          dropped.merge(reason, 1, Integer::sum);
        }
      }
    }
    int written = 0;
    int cancelled = 0;
    int guests = 0;
    Set<String> customers = new HashSet<>();
    Set<String> skus = new HashSet<>();
    try (Writer out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
      SequenceWriter lines = csv.writerFor(String[].class).writeValues(out)) {
      lines.write(HEADER);
      for (List<String[]> order : orders.values()) {
        String[] first = order.get(0);
        cancelled += "true".equals(first[9]) ? 1 : 0;
        guests += first[1].isEmpty() ? 1 : 0;
        if (!first[1].isEmpty()) {
          customers.add(first[1]);
        }
        for (String[] line : order) {
          skus.add(line[3]);
          lines.write(line);
          written++;
        }
      }
    }
    System.err.printf(Locale.ROOT, "read %d rows; wrote %d lines of %d orders (%d cancelled, %d guest), %d customers, "
      + "%d SKUs; dropped %s%n", read, written, orders.size(), cancelled, guests, customers.size(), skus.size(),
      dropped);
  }

  /** Adds one export row to its order; answers why it was dropped, or null. */
  private static String convert(String[] row, LocalDateTime from, LocalDateTime before,
    Map<String, List<String[]>> orders) {
    if (row.length < 8) {
      return "short row";
    }
    String invoice = row[0].trim();
    String code = row[1].trim();
    if (NOT_MERCHANDISE.contains(code.toUpperCase(Locale.ROOT)) || code.startsWith("gift_")) {
      return "postage/fee/manual " + (code.startsWith("gift_") ? "gift_*" : code.toUpperCase(Locale.ROOT));
    }
    if (invoice.startsWith("A")) {
      return "bad-debt adjustment";
    }
    boolean cancellation = invoice.startsWith("C");
    int quantity;
    BigDecimal price;
    LocalDateTime at;
    try {
      quantity = Integer.parseInt(row[3].trim());
      price = new BigDecimal(row[5].trim());
      at = LocalDateTime.parse(row[4].trim(), EXPORT_TIME);
    } catch (RuntimeException e) {
      return "unreadable";
    }
    if (price.signum() <= 0) {
      return "zero or negative price";
    }
    if (cancellation ? quantity >= 0 : quantity <= 0) {
      return "stock correction (quantity " + (quantity == 0 ? "zero" : cancellation ? "positive" : "negative") + ")";
    }
    if (from != null && at.isBefore(from) || before != null && !at.isBefore(before)) {
      return "outside the date window";
    }
    String customer = row[6].trim();
    if (customer.endsWith(".0")) {
      customer = customer.substring(0, customer.length() - 2);
    }
    String title = row[2].trim().isEmpty() ? code : row[2].trim();
    if (title.length() > 200) {
      title = title.substring(0, 200);
    }
    long pence = price.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    String orderedAt = at.atZone(SHOP_TIME).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    orders.computeIfAbsent(invoice, k -> new ArrayList<>()).add(new String[] {invoice, customer, orderedAt, code, title,
      Integer.toString(Math.abs(quantity)), Long.toString(pence), "GBP", row[7].trim(),
      cancellation ? "true" : "false"});
    return null;
  }

  private static LocalDateTime day(String value) {
    return value == null || value.isBlank() ? null : java.time.LocalDate.parse(value.trim()).atStartOfDay();
  }
}
