package io.surge.dev.bench;

import io.surge.recommendations.EaseModel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Offline check of EASE^R against popularity on the raw Online Retail file, without a server: the same time split
 * as the API evaluation (train before CUT, test [CUT, END)), the same metrics ({@link RankingMetrics}), for a few
 * lambdas. Chooses {@code recommendations.lambda}; the API evaluation then confirms it end to end.
 * Usage: java -cp ... io.surge.dev.bench.EaseOffline FILE.csv.gz [CUT] [END] [lambda,...]
 */
public final class EaseOffline {

  private static final Set<String> FEES = Set.of("POST", "DOT", "M", "BANK CHARGES", "AMAZONFEE", "C2", "CRUK", "D",
    "PADS", "B", "S");

  private EaseOffline() {
  }

  public static void main(String[] args) throws Exception {
    String cut = args.length > 1 ? args[1] : "2011-07-01";
    String end = args.length > 2 ? args[2] : "2011-10-01";
    String[] lambdas = (args.length > 3 ? args[3] : "50,100,200,400,800").split(",");
    Map<String, Set<String>> train = new HashMap<>();
    Map<String, Set<String>> test = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
      new GZIPInputStream(Files.newInputStream(Path.of(args[0]))), StandardCharsets.ISO_8859_1))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] left = line.split(",", 3);
        String[] right = tail(line, 5);
        String invoice = left[0];
        String sku = left[1].toUpperCase(Locale.ROOT);
        String customer = right[3];
        if (invoice.startsWith("C") || customer.isBlank() || FEES.contains(sku) || Integer.parseInt(right[0]) <= 0) {
          continue;
        }
        String at = right[1];
        Map<String, Set<String>> side = at.compareTo(cut) < 0 ? train : at.compareTo(end) < 0 ? test : null;
        if (side != null) {
          side.computeIfAbsent(customer, k -> new HashSet<>()).add(sku);
        }
      }
    }
    List<String> users = new ArrayList<>(train.keySet());
    Map<String, Integer> buyers = new HashMap<>();
    train.values().forEach(items -> items.forEach(sku -> buyers.merge(sku, 1, Integer::sum)));
    List<String> products = new ArrayList<>(buyers.keySet());
    products.sort((a, b) -> buyers.get(b) - buyers.get(a));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < products.size(); i++) {
      index.put(products.get(i), i);
    }
    int[][] bought = new int[users.size()][];
    for (int u = 0; u < users.size(); u++) {
      bought[u] = train.get(users.get(u)).stream().mapToInt(index::get).toArray();
    }
    System.out.printf(Locale.ROOT, "train customers %d, products %d; test customers %d%n", users.size(),
      products.size(), test.size());
    RankingMetrics popularity = new RankingMetrics();
    for (String user : users) {
      Set<String> next = fresh(test.get(user), train.get(user));
      if (next != null) {
        List<String> list = new ArrayList<>();
        for (String sku : products) {
          if (list.size() == 20) {
            break;
          }
          if (!train.get(user).contains(sku)) {
            list.add(sku);
          }
        }
        popularity.add(list, next, 10, 20);
      }
    }
    print("popularity", popularity, 0);
    for (String lambda : lambdas) {
      long start = System.nanoTime();
      EaseModel.Result result = EaseModel.train(bought, products.size(), Double.parseDouble(lambda), 20);
      long ms = (System.nanoTime() - start) / 1_000_000;
      RankingMetrics ease = new RankingMetrics();
      for (int u = 0; u < users.size(); u++) {
        Set<String> next = fresh(test.get(users.get(u)), train.get(users.get(u)));
        if (next != null) {
          List<String> list = new ArrayList<>();
          for (int i : result.top()[u]) {
            list.add(products.get(i));
          }
          ease.add(list, next, 10, 20);
        }
      }
      print("ease lambda=" + lambda, ease, ms);
    }
  }

  private static Set<String> fresh(Set<String> test, Set<String> train) {
    if (test == null) {
      return null;
    }
    Set<String> next = new HashSet<>(test);
    next.removeAll(train);
    return next.isEmpty() ? null : next;
  }

  private static void print(String name, RankingMetrics m, long ms) {
    System.out.printf(Locale.ROOT, "%-20s customers %d  HR@10 %.4f  NDCG@10 %.4f  Recall@20 %.4f  train %d ms%n", name,
      m.lists(), m.hitRate(), m.ndcg(), m.recall(), ms);
  }

  /** The last {@code n} comma-separated fields (the description before them may hold commas). */
  private static String[] tail(String line, int n) {
    String[] fields = new String[n];
    int end = line.length();
    for (int i = n - 1; i >= 0; i--) {
      int comma = line.lastIndexOf(',', end - 1);
      fields[i] = line.substring(comma + 1, end);
      end = comma;
    }
    return fields;
  }
}
