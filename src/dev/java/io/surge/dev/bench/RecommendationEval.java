package io.surge.dev.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The recommendation evaluation's Java half (benchmarks/recommendations.sh runs it):
 * <ul>
 * <li>{@code split CANONICAL TRAIN TEST CUT END}: the time split of the canonical order CSV;</li>
 * <li>{@code catalog TRAIN OUT_NDJSON ON_HAND}: the stocked catalogue to import before the orders
 * ({@link StockedCatalog});</li>
 * <li>{@code evaluate BASE_URL ADMIN_EMAIL ADMIN_PASSWORD TRAIN TEST OUT_JSON TRAINING_JSON}: for every customer
 * who bought before the cut and bought something new in the test window, asks the real API (as an admin, what
 * that customer would see, per model) and scores the lists with {@link RankingMetrics}; then measures the
 * throughput and p99 of the customer endpoint beside the static {@code /health/live}; writes the JSON result.</li>
 * </ul>
 */
public final class RecommendationEval {

  static final String[] MODELS = {"trending", "bought_together", "for_you"};
  private static final int THREADS = 8;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String admin;

  private RecommendationEval(String base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "split".equals(args[0])) {
      long[] counts = OrderHistory.split(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args[4], args[5]);
      System.out.println("train_lines=" + counts[0] + " test_lines=" + counts[1]);
      return;
    }
    if (args.length > 0 && "catalog".equals(args[0])) {
      System.out.println("catalog_products=" + StockedCatalog.write(Path.of(args[1]), Path.of(args[2]),
        Integer.parseInt(args[3])));
      return;
    }
    if (args.length < 8 || !"evaluate".equals(args[0])) {
      System.err.println(
        "usage: split CANONICAL TRAIN TEST CUT END | catalog TRAIN OUT_NDJSON ON_HAND | evaluate BASE_URL ADMIN_EMAIL ADMIN_PASSWORD "
          + "TRAIN TEST OUT_JSON TRAINING_JSON");
      System.exit(2);
    }
    RecommendationEval eval = new RecommendationEval(args[1]);
    eval.admin = eval.logIn(args[2], args[3]);
    JsonObject result = eval.evaluate(Path.of(args[4]), Path.of(args[5]), new JsonObject(Files.readString(
      Path.of(args[7]))));
    String table = Targets.judge(result);
    Files.writeString(Path.of(args[6]), result.encodePrettily());
    eval.send("PUT", "/api/v1/admin/recommendations/evaluation", eval.admin, result.getJsonObject("offline"));
    System.out.print(table);
  }

  private JsonObject evaluate(Path train, Path test, JsonObject training) throws Exception {
    Map<String, Set<String>> before = OrderHistory.bought(train);
    Map<String, Set<String>> after = OrderHistory.bought(test);
    Map<String, Set<String>> next = new LinkedHashMap<>();
    int cold = 0;
    for (Map.Entry<String, Set<String>> customer : after.entrySet()) {
      Set<String> fresh = new java.util.HashSet<>(customer.getValue());
      Set<String> known = before.get(customer.getKey());
      if (known == null) {
        cold++;
        continue;
      }
      fresh.removeAll(known);
      if (!fresh.isEmpty()) {
        next.put(customer.getKey(), fresh);
      }
    }
    Map<String, RankingMetrics> metrics = new LinkedHashMap<>();
    Map<String, long[]> lengths = new LinkedHashMap<>(); // per model: {items served, empty lists}
    for (String model : MODELS) {
      metrics.put(model, new RankingMetrics());
      lengths.put(model, new long[2]);
    }
    List<String> userIds = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Map<String, List<String>>>> lists = new ArrayList<>();
    List<String> customers = new ArrayList<>(next.keySet());
    for (String customer : customers) {
      lists.add(pool.submit(() -> listsFor(customer, userIds)));
    }
    int missing = 0;
    for (int i = 0; i < customers.size(); i++) {
      Map<String, List<String>> byModel = lists.get(i).get();
      if (byModel == null) {
        missing++;
        continue;
      }
      for (String model : MODELS) {
        metrics.get(model).add(byModel.get(model), next.get(customers.get(i)), 10, 20);
        lengths.get(model)[0] += byModel.get(model).size();
        lengths.get(model)[1] += byModel.get(model).isEmpty() ? 1 : 0;
      }
    }
    pool.shutdown();
    JsonObject offline = new JsonObject().put("customers_evaluated", metrics.get("for_you").lists())
      .put("customers_cold_skipped", cold).put("customers_not_found", missing);
    metrics.forEach((model, m) -> offline.put(model, new JsonObject().put("hr_at_10", m.hitRate())
      .put("ndcg_at_10", m.ndcg()).put("recall_at_20", m.recall())
      // an all-empty model scores 0 for the wrong reason (nothing sellable): the lengths show it
      .put("mean_list_length", m.lists() == 0 ? 0 : (double) lengths.get(model)[0] / m.lists())
      .put("empty_lists", lengths.get(model)[1])));
    JsonObject serving = new Load(http, base).compare(admin, userIds);
    return new JsonObject().put("training", training).put("offline", offline).put("serving", serving);
  }

  /** The customer's lists per model (SKU codes, best first), or null when the import made no such customer. */
  private Map<String, List<String>> listsFor(String customerRef, List<String> userIds) throws Exception {
    JsonArray users = get("/api/v1/admin/users?customer_ref=" + URLEncoder.encode(customerRef, StandardCharsets.UTF_8))
      .getJsonArray("items");
    if (users == null || users.isEmpty()) {
      return null;
    }
    String userId = users.getJsonObject(0).getString("id");
    synchronized (userIds) {
      userIds.add(userId);
    }
    Map<String, List<String>> byModel = new LinkedHashMap<>();
    for (String model : MODELS) {
      JsonArray items = get("/api/v1/admin/users/" + userId + "/recommendations?limit=20&model=" + model)
        .getJsonArray("items");
      List<String> skus = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        JsonArray codes = items.getJsonObject(i).getJsonArray("sku_codes");
        skus.add(codes.isEmpty() ? "" : codes.getString(0));
      }
      byModel.put(model, skus);
    }
    return byModel;
  }

  private String logIn(String email, String password) throws IOException, InterruptedException {
    return send("POST", "/api/v1/auth/token", null, new JsonObject().put("email", email).put("password", password))
      .getString("access_token");
  }

  private JsonObject get(String path) throws IOException, InterruptedException {
    return send("GET", path, admin, null);
  }

  private JsonObject send(String method, String path, String token, JsonObject body)
    throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }
}
