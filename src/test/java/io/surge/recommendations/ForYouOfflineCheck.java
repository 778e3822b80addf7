package io.surge.recommendations;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.surge.dev.bench.RankingMetrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * A cross-check of benchmarks/recommendations.sh without a server: the same split of the canonical order CSV
 * (benchmarks/online-retail-orders.sh), the same users as the import makes them (a guest order is a customer of its
 * own), the same trending list (order lines decayed by age) and the same protocol (customers who bought before the
 * cut and bought something new in [CUT, END); their new products against the whole catalogue of the training part;
 * HR@10 and NDCG@10 as {@code io.surge.dev.bench.RankingMetrics}), for the served for-you list and candidate
 * variants of it. Not a test; run by hand:
 * {@code java -cp target/classes:target/test-classes:CLASSPATH io.surge.recommendations.ForYouOfflineCheck
 * CANONICAL.csv [CUT] [END]}.
 */
public final class ForYouOfflineCheck {

  private static final double DAY = 86_400.0;
  private static final ObjectReader CSV_LINE = new CsvMapper().readerFor(String[].class);

  /** A user's distinct products with when they last bought each. */
  private static final class Buyer {
    final Map<String, Long> lastAt = new HashMap<>();
  }

  private ForYouOfflineCheck() {
  }

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    String cut = args.length > 1 ? args[1] : "2011-07-01";
    String end = args.length > 2 ? args[2] : "2011-10-01";
    Map<String, Buyer> train = new LinkedHashMap<>();
    Map<String, Set<String>> test = new HashMap<>();
    Map<String, Double> trendingScore = new HashMap<>();
    Map<String, Long> firstSold = new HashMap<>();
    List<long[]> lineAt = new ArrayList<>();
    List<String> lineSku = new ArrayList<>();
    Map<String, String> titles = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = CSV_LINE.readValue(line);
        if ("true".equals(f[9])) {
          continue;
        }
        String at = f[2];
        String user = f[1].isEmpty() ? "guest-" + f[0] : f[1];
        if (at.compareTo(cut) < 0) {
          long epoch = OffsetDateTime.parse(at).toEpochSecond();
          Buyer buyer = train.computeIfAbsent(user, k -> new Buyer());
          buyer.lastAt.merge(f[3], epoch, Math::max);
          lineAt.add(new long[] {epoch});
          lineSku.add(f[3]);
          firstSold.merge(f[3], epoch, Math::min);
          titles.putIfAbsent(f[3], f[4]);
        } else if (at.compareTo(end) < 0 && !f[1].isEmpty()) {
          test.computeIfAbsent(f[1], k -> new HashSet<>()).add(f[3]);
        }
      }
    }
    long newest = lineAt.stream().mapToLong(a -> a[0]).max().orElse(0);
    for (int i = 0; i < lineSku.size(); i++) {
      trendingScore.merge(lineSku.get(i), Math.exp(-Math.log(2) * (newest - lineAt.get(i)[0]) / (30 * DAY)),
        Double::sum);
    }
    // products, most buyers first (the model's order)
    Map<String, Integer> buyers = new HashMap<>();
    train.values().forEach(b -> b.lastAt.keySet().forEach(sku -> buyers.merge(sku, 1, Integer::sum)));
    // -DminBuyers=k models only products with at least k buyers (a smaller n^3 for EASE^R; the rest stay unlisted)
    int minBuyers = Integer.getInteger("minBuyers", 1);
    String[] products = buyers.keySet().stream().filter(sku -> buyers.get(sku) >= minBuyers)
      .sorted((a, b) -> buyers.get(a).equals(buyers.get(b))
        ? a.compareTo(b) : Integer.compare(buyers.get(b), buyers.get(a)))
      .toArray(String[]::new);
    int n = products.length;
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(products[i], i);
    }
    String[] users = train.keySet().toArray(String[]::new);
    int[][] bought = new int[users.length][];
    long[][] at = new long[users.length][];
    for (int u = 0; u < users.length; u++) {
      Map<String, Long> mine = new HashMap<>(train.get(users[u]).lastAt);
      mine.keySet().retainAll(index.keySet());
      bought[u] = new int[mine.size()];
      at[u] = new long[mine.size()];
      int k = 0;
      for (Map.Entry<String, Long> p : mine.entrySet()) {
        bought[u][k] = index.get(p.getKey());
        at[u][k++] = p.getValue();
      }
    }
    double[] trending = new double[n];
    for (int i = 0; i < n; i++) {
      trending[i] = trendingScore.getOrDefault(products[i], 0.0);
    }
    int[] trendingOrder = order(trending);
    // user-kNN: cosine over binary purchase rows
    List<List<int[]>> byProduct = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byProduct.add(new ArrayList<>());
    }
    for (int u = 0; u < users.length; u++) {
      for (int i : bought[u]) {
        byProduct.get(i).add(new int[] {u});
      }
    }

    // the evaluated customers
    List<Integer> evaluated = new ArrayList<>();
    List<Set<String>> relevant = new ArrayList<>();
    int cold = 0;
    int freshItems = 0;
    int unknownItems = 0;
    int allUnknown = 0;
    for (int u = 0; u < users.length; u++) {
      Set<String> next = test.get(users[u]);
      if (next == null) {
        continue;
      }
      Set<String> fresh = new HashSet<>(next);
      fresh.removeAll(train.get(users[u]).lastAt.keySet());
      if (!fresh.isEmpty()) {
        evaluated.add(u);
        relevant.add(fresh);
        freshItems += fresh.size();
        long unknown = fresh.stream().filter(s -> !index.containsKey(s)).count();
        unknownItems += (int) unknown;
        allUnknown += unknown == fresh.size() ? 1 : 0;
      }
    }
    for (String customer : test.keySet()) {
      cold += train.containsKey(customer) ? 0 : 1;
    }
    System.out.printf(Locale.ROOT, "users %d (with guests), products %d, evaluated %d, cold %d; new products bought "
      + "%d, of them not in the catalogue (first sold after the cut) %d; customers whose new products are all such: "
      + "%d%n", users.length, n, evaluated.size(), cold, freshItems, unknownItems, allUnknown);

    // popularity decayed with a given half-life, normalised to 1 (30 days: the trending list's score)
    Map<Double, double[]> popularity = new java.util.concurrent.ConcurrentHashMap<>();
    DoubleFunction<double[]> popular = halfLife -> popularity.computeIfAbsent(halfLife, h -> {
      double[] score = new double[n];
      for (int i = 0; i < lineSku.size(); i++) {
        Integer j = index.get(lineSku.get(i));
        if (j != null) {
          score[j] += Math.exp(-Math.log(2) * (newest - lineAt.get(i)[0]) / (h * DAY));
        }
      }
      normalise(score);
      return score;
    });
    double[] daysUnsold = new double[n];
    for (int i = 0; i < lineSku.size(); i++) {
      Integer j = index.get(lineSku.get(i));
      if (j != null) {
        daysUnsold[j] = Math.min(daysUnsold[j] == 0 ? Double.MAX_VALUE : daysUnsold[j],
          (newest - lineAt.get(i)[0]) / DAY);
      }
    }
    double newArrivalDays = Double.parseDouble(System.getProperty("newArrivalDays", "60"));
    double newArrivalWeight = Double.parseDouble(System.getProperty("newArrivalWeight", "0.3"));
    double titleWeight = Double.parseDouble(System.getProperty("titleWeight", "0.2"));
    double popularHalfLife = Double.parseDouble(System.getProperty("popularHalfLifeDays", "14"));
    double popularWeight = Double.parseDouble(System.getProperty("popularWeight", "0.2"));
    double[] newArrival = new double[n];
    for (int j = 0; j < n; j++) {
      newArrival[j] = firstSold.get(products[j]) > newest - newArrivalDays * DAY ? trending[j] : 0;
    }
    normalise(newArrival);
    float[] content = titleCosine(products, titles);
    float[] itemCosine = cosine(bought, n);
    for (int i = 0; i < n; i++) {
      itemCosine[i * n + i] = 0;
    }

    double[] popularNow = popular.apply(popularHalfLife);
    Map<String, IntFunction<double[]>> candidates = new LinkedHashMap<>();
    candidates.put("trending", u -> trending.clone());
    String servedName = null;
    for (String spec : (args.length > 3 ? args[3] : "400:60:120").split(",")) {
      String[] p = spec.split(":");
      double lambda = Double.parseDouble(p[0]);
      double historyHalfLife = Double.parseDouble(p[1]);
      double recencyHalfLife = Double.parseDouble(p[2]);
      long start = System.nanoTime();
      double[] b = cachedEase(spec, bought, at, newest, n, lambda, historyHalfLife);
      System.out.printf(Locale.ROOT, "EASE %s trained in %d ms%n", spec, (System.nanoTime() - start) / 1_000_000);
      // as the server scores: EASE^R and title likeness each by recency and scaled to 1, plus new arrivals and
      // what sells these weeks (defaults as conf/application.json; -DpopularWeight=0: the blend before it)
      Map<Integer, double[]> memo = new java.util.concurrent.ConcurrentHashMap<>();
      IntFunction<double[]> served = u -> memo.computeIfAbsent(u, k -> {
        double[] score = new double[n];
        double[] like = new double[n];
        long mine = Arrays.stream(at[u]).max().orElse(0);
        for (int i = 0; i < bought[u].length; i++) {
          double w = EaseModel.decay((mine - at[u][i]) / DAY, recencyHalfLife);
          int row = bought[u][i] * n;
          for (int j = 0; j < n; j++) {
            score[j] += w * b[row + j];
            like[j] += w * content[row + j];
          }
        }
        normalise(score);
        normalise(like);
        for (int j = 0; j < n; j++) {
          score[j] += newArrivalWeight * newArrival[j] + titleWeight * like[j]
            + popularWeight * popularNow[j];
        }
        return score;
      }).clone();
      String name = "served " + spec;
      servedName = servedName == null ? name : servedName;
      candidates.put(name, served);
      for (double halfLife : new double[] {7, 14, 30}) {
        for (double weight : new double[] {0.05, 0.1, 0.2, 0.3, 0.5}) {
          candidates.put(name + " + " + weight + " popular " + halfLife + " d", u -> {
            double[] score = served.apply(u);
            double[] pop = popular.apply(halfLife);
            for (int j = 0; j < n; j++) {
              score[j] += weight * pop[j];
            }
            return score;
          });
        }
      }
      for (int k : new int[] {50, 200}) {
        for (double weight : new double[] {0.1, 0.2, 0.4}) {
          candidates.put(name + " + " + weight + " user-knn " + k, u -> {
            double[] score = served.apply(u);
            double[] near = userKnn(u, bought, byProduct, n, k);
            normalise(near);
            for (int j = 0; j < n; j++) {
              score[j] += weight * near[j];
            }
            return score;
          });
        }
      }
      for (double weight : new double[] {0.1, 0.2, 0.4}) {
        candidates.put(name + " + " + weight + " item-cosine", u -> {
          double[] score = served.apply(u);
          double[] near = new double[n];
          long mine = Arrays.stream(at[u]).max().orElse(0);
          for (int i = 0; i < bought[u].length; i++) {
            double w = EaseModel.decay((mine - at[u][i]) / DAY, recencyHalfLife);
            int row = bought[u][i] * n;
            for (int j = 0; j < n; j++) {
              near[j] += w * itemCosine[row + j];
            }
          }
          normalise(near);
          for (int j = 0; j < n; j++) {
            score[j] += weight * near[j];
          }
          return score;
        });
      }
      for (double halfLife : new double[] {7, 14, 30, 60}) {
        candidates.put(name + " x still selling " + halfLife + " d", u -> {
          double[] score = served.apply(u);
          for (int j = 0; j < n; j++) {
            score[j] *= score[j] > 0 ? EaseModel.decay(daysUnsold[j], halfLife) : 1;
          }
          return score;
        });
      }
    }
    // each scored candidate as a list (bought products left out), and lists re-ranked for variety
    Map<String, IntFunction<int[]>> lists = new LinkedHashMap<>();
    candidates.forEach((name, scorer) -> lists.put(name, u -> TopN.indexes(unbought(scorer.apply(u), bought[u]), 50)));
    IntFunction<double[]> base = candidates.get(servedName);
    for (String alike : new String[] {"title", "bought-with"}) {
      float[] similarity = alike.equals("title") ? content : itemCosine;
      for (double mu : new double[] {0.05, 0.1, 0.2, 0.3, 0.5}) {
        lists.put(servedName + " varied by " + alike + " " + mu,
          u -> varied(unbought(base.apply(u), bought[u]), similarity, n, mu, 50));
      }
    }
    for (int slots : new int[] {1, 2, 3}) {
      lists.put(servedName + " with " + slots + " trending slots", u -> {
        int[] mine = TopN.indexes(unbought(base.apply(u), bought[u]), 50);
        Set<Integer> owned = new HashSet<>();
        Arrays.stream(bought[u]).forEach(owned::add);
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 10 - slots && k < mine.length; k++) {
          out.add(mine[k]);
        }
        for (int k = 0; out.size() < 10 && k < trendingOrder.length; k++) {
          if (!owned.contains(trendingOrder[k]) && !out.contains(trendingOrder[k])) {
            out.add(trendingOrder[k]);
          }
        }
        for (int i : mine) {
          if (!out.contains(i)) {
            out.add(i);
          }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
      });
    }
    for (Map.Entry<String, IntFunction<int[]>> candidate : lists.entrySet()) {
      double[] hits = new double[evaluated.size()];
      double[] ndcg = new double[evaluated.size()];
      IntStream.range(0, evaluated.size()).parallel().forEach(e -> {
        int u = evaluated.get(e);
        List<String> list = new ArrayList<>();
        for (int i : candidate.getValue().apply(u)) {
          list.add(products[i]);
        }
        Set<String> mine = train.get(users[u]).lastAt.keySet();
        for (int k = 0; list.size() < 20 && k < trendingOrder.length; k++) {
          String sku = products[trendingOrder[k]];
          if (!mine.contains(sku) && !list.contains(sku)) {
            list.add(sku);
          }
        }
        hits[e] = RankingMetrics.hitRate(list, relevant.get(e), 10);
        ndcg[e] = RankingMetrics.ndcg(list, relevant.get(e), 10);
      });
      System.out.printf(Locale.ROOT, "%-40s HR@10 %.4f  NDCG@10 %.4f%n", candidate.getKey(),
        Arrays.stream(hits).average().orElse(0), Arrays.stream(ndcg).average().orElse(0));
    }
  }

  static double[] unbought(double[] score, int[] bought) {
    for (int i : bought) {
      score[i] = Double.NEGATIVE_INFINITY;
    }
    return score;
  }

  /**
   * Maximal marginal relevance: the first {@code keep} by score, each pick's score less {@code mu} times its
   * greatest likeness to the products picked before it (scores scaled to 1 first).
   */
  static int[] varied(double[] score, float[] similarity, int n, double mu, int keep) {
    normalise(score);
    int[] pool = TopN.indexes(score, 100);
    double[] penalty = new double[pool.length];
    boolean[] taken = new boolean[pool.length];
    int[] out = new int[Math.min(keep, pool.length)];
    for (int k = 0; k < out.length; k++) {
      int best = -1;
      for (int c = 0; c < pool.length; c++) {
        if (!taken[c] && (best < 0 || score[pool[c]] - mu * penalty[c] > score[pool[best]] - mu * penalty[best])) {
          best = c;
        }
      }
      taken[best] = true;
      out[k] = pool[best];
      for (int c = 0; c < pool.length; c++) {
        penalty[c] = Math.max(penalty[c], similarity[pool[best] * n + pool[c]]);
      }
    }
    return out;
  }

  /** Cosine of product titles (TF-IDF over words), dense n x n, 0 on the diagonal. */
  static float[] titleCosine(String[] products, Map<String, String> titles) {
    int n = products.length;
    List<Map<String, Double>> vectors = new ArrayList<>();
    Map<String, Integer> df = new HashMap<>();
    for (String p : products) {
      Map<String, Double> words = new HashMap<>();
      for (String w : titles.getOrDefault(p, "").toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (w.length() > 1) {
          words.put(w, 1.0);
        }
      }
      words.keySet().forEach(w -> df.merge(w, 1, Integer::sum));
      vectors.add(words);
    }
    Map<String, List<int[]>> postings = new HashMap<>();
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      for (Map.Entry<String, Double> e : vectors.get(i).entrySet()) {
        double idf = Math.log((double) n / df.get(e.getKey()));
        e.setValue(idf);
        norms[i] += idf * idf;
        postings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new int[] {i});
      }
    }
    float[] c = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (Map.Entry<String, Double> e : vectors.get(i).entrySet()) {
        for (int[] j : postings.get(e.getKey())) {
          if (j[0] != i) {
            c[i * n + j[0]] += (float) (e.getValue() * e.getValue() / Math.sqrt(norms[i] * norms[j[0]]));
          }
        }
      }
    }
    return c;
  }

  /** Cosine of products over their buyers (dense n x n). */
  static float[] cosine(int[][] bought, int n) {
    float[] c = new float[n * n];
    for (int[] items : bought) {
      for (int a : items) {
        for (int b : items) {
          c[a * n + b]++;
        }
      }
    }
    float[] diagonal = new float[n];
    for (int i = 0; i < n; i++) {
      diagonal[i] = c[i * n + i];
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        c[i * n + j] /= (float) Math.sqrt(Math.max(1, diagonal[i] * diagonal[j]));
      }
    }
    return c;
  }

  /** Divides by the largest value (so lists of different scales can be added). */
  static void normalise(double[] score) {
    double max = Arrays.stream(score).max().orElse(0);
    if (max > 0) {
      for (int j = 0; j < score.length; j++) {
        score[j] /= max;
      }
    }
  }

  /** Sum of the k most similar customers' rows (cosine on binary rows), weighted by similarity. */
  static double[] userKnn(int u, int[][] bought, List<List<int[]>> byProduct, int n, int k) {
    Map<Integer, Double> overlap = new HashMap<>();
    for (int i : bought[u]) {
      for (int[] v : byProduct.get(i)) {
        if (v[0] != u) {
          overlap.merge(v[0], 1.0, Double::sum);
        }
      }
    }
    double[] sim = new double[bought.length];
    overlap.forEach((v, c) -> sim[v] = c / Math.sqrt((double) bought[u].length * bought[v].length));
    double[] score = new double[n];
    for (int v : TopN.indexes(sim, k)) {
      for (int i : bought[v]) {
        score[i] += sim[v];
      }
    }
    return score;
  }

  /** B from a file of an earlier run of the same data and parameters (EASE takes minutes on a loaded box). */
  static double[] cachedEase(String spec, int[][] bought, long[][] at, long newest, int n, double lambda,
    double halfLife) throws IOException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"),
      "for-you-offline-" + n + "-" + newest + "-" + spec.replace(':', '_'));
    if (Files.exists(file)) {
      java.nio.DoubleBuffer in = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).asDoubleBuffer();
      double[] b = new double[in.remaining()];
      in.get(b);
      return b;
    }
    double[] b = ease(bought, at, newest, n, lambda, halfLife);
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(b.length * 8);
    out.asDoubleBuffer().put(b);
    Files.write(file, out.array());
    return b;
  }

  /** EASE^R's B with each purchase weighed by its age, as {@link EaseModel} trains it (the same solver). */
  static double[] ease(int[][] bought, long[][] at, long newest, int n, double lambda, double halfLife) {
    float[][] history = new float[bought.length][];
    for (int u = 0; u < bought.length; u++) {
      history[u] = new float[bought[u].length];
      for (int k = 0; k < bought[u].length; k++) {
        history[u][k] = EaseModel.decay((newest - at[u][k]) / DAY, halfLife);
      }
    }
    return EaseModel.weights(bought, history, n, lambda, n >= EaseModel.CONCURRENT_FROM);
  }

  static int[] order(double[] score) {
    return IntStream.range(0, score.length).boxed()
      .sorted((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b))
      .mapToInt(Integer::intValue).toArray();
  }
}
