package io.surge.predictions.customers;

import io.surge.predictions.customers.Classifier.Algorithm;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cross-check of benchmarks/predictions-repurchase.sh without a server: the same fit on a canonical order CSV
 * (benchmarks/online-retail-orders.sh), read straight from the file (a guest order is a customer of its own, as the
 * import makes it; SKUs stand for categories, which imported products lack). Not a test; run by hand:
 * {@code java -cp target/classes:target/test-classes:CLASSPATH io.surge.predictions.customers.RepurchaseOfflineCheck
 * CANONICAL.csv 2011-07-01 [conf/application.json]}.
 */
public final class RepurchaseOfflineCheck {

  private RepurchaseOfflineCheck() {
  }

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    long asOf = Instant.parse(args[1] + "T00:00:00Z").getEpochSecond();
    RepurchaseSettings settings = RepurchaseSettings.from(new JsonObject(Files.readString(
      Path.of(args.length > 2 ? args[2] : "conf/application.json"))));
    Map<String, Order> orders = new LinkedHashMap<>();
    Map<String, Integer> skus = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = fields(line);
        Order order = orders.computeIfAbsent(f.get(0), ref -> new Order(f.get(1).isEmpty() ? "guest-" + ref
          : f.get(1), OffsetDateTime.parse(f.get(2)).toEpochSecond(), "true".equals(f.get(9))));
        long amount = Long.parseLong(f.get(6)) * Integer.parseInt(f.get(5));
        order.categories.add(skus.computeIfAbsent(f.get(3), k -> skus.size()));
        order.amounts.add(amount);
        order.items += Integer.parseInt(f.get(5));
      }
    }
    Map<String, List<PastOrder>> all = new HashMap<>();
    for (Order o : orders.values()) {
      all.computeIfAbsent(o.customer, k -> new ArrayList<>()).add(new PastOrder(o.at, !o.cancelled, o.cancelled,
        o.amounts.stream().mapToLong(Long::longValue).sum(), o.items,
        o.categories.stream().mapToInt(Integer::intValue).toArray(),
        o.amounts.stream().mapToLong(Long::longValue).toArray()));
    }
    Map<UUID, List<PastOrder>> before = new LinkedHashMap<>();
    Map<UUID, Boolean> bought = new HashMap<>();
    for (Map.Entry<String, List<PastOrder>> customer : all.entrySet()) {
      List<PastOrder> history = customer.getValue();
      history.sort((a, b) -> Long.compare(a.at(), b.at()));
      UUID id = UUID.nameUUIDFromBytes(customer.getKey().getBytes(StandardCharsets.UTF_8));
      before.put(id, history.stream().filter(o -> o.at() < asOf).toList());
      bought.put(id, CustomerFeatures.orderedWithin(history, asOf, asOf + 30 * CustomerFeatures.DAY));
    }
    for (Algorithm forced : new Algorithm[] {null, Algorithm.GRADIENT_BOOSTED_TREES,
      Algorithm.LOGISTIC_REGRESSION}) {
      long start = System.nanoTime();
      RepurchaseFit.Result result = RepurchaseFit.fit(before, asOf, settings, forced);
      long ms = (System.nanoTime() - start) / 1_000_000;
      int n = result.scores().size();
      double[] p = new double[n];
      double[] rule = new double[n];
      boolean[] truth = new boolean[n];
      List<RepurchaseFit.Scored> scored = new ArrayList<>(result.scores());
      scored.sort((a, b) -> a.user().compareTo(b.user()));
      for (int i = 0; i < n; i++) {
        p[i] = (float) scored.get(i).probability();
        rule[i] = scored.get(i).features()[CustomerFeatures.ORDERS];
        truth[i] = bought.get(scored.get(i).user());
      }
      System.out.println(new JsonObject().put("forced", forced == null ? null : forced.wire)
        .put("algorithm", result.algorithm().wire).put("fit_ms", ms).put("rows", result.rows())
        .put("customers", n).put("heap_peak_bytes", result.peakHeapBytes())
        .put("auc", Ranking.auc(p, truth)).put("precision_top_decile", Ranking.precisionAtTop(p, truth, 0.1))
        .put("rule_auc", Ranking.auc(rule, truth))
        .put("rule_precision_top_decile", Ranking.precisionAtTop(rule, truth, 0.1))
        .put("held_out", result.measurements()).encode());
    }
  }

  private static final class Order {
    final String customer;
    final long at;
    final boolean cancelled;
    final List<Integer> categories = new ArrayList<>();
    final List<Long> amounts = new ArrayList<>();
    int items;

    Order(String customer, long at, boolean cancelled) {
      this.customer = customer;
      this.at = at;
      this.cancelled = cancelled;
    }
  }

  /** One CSV line's fields (RFC 4180 quoting, as the converter writes them), read by Jackson's CSV reader. */
  static List<String> fields(String line) throws java.io.IOException {
    return List.of(CSV_LINE.<String[]>readValue(line));
  }

  private static final com.fasterxml.jackson.databind.ObjectReader CSV_LINE = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
    .readerFor(String[].class);
}
