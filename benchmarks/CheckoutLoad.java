import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkout load: N shoppers, each in a loop "put one item in the cart, check out with a fresh
 * Idempotency-Key", for a fixed time; then the same client and concurrency against the static
 * /health/live endpoint as the same-run baseline. JDK only: run with {@code java CheckoutLoad.java}.
 * Usage: java CheckoutLoad.java BASE_URL SHOPPERS SECONDS ADMIN_EMAIL ADMIN_PASSWORD
 */
public class CheckoutLoad {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String ADDRESS = "{\"shipping_address\":{\"recipient\":\"Bench\",\"line1\":\"1 Main St\","
    + "\"city\":\"Paris\",\"postal_code\":\"75001\",\"country\":\"FR\"}}";
  static final Pattern FIELD = Pattern.compile("\"(access_token|id)\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int shoppers = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    String admin = token(base, args[3], args[4]);

    List<String> skus = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String code = "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
      String body = "{\"slug\":\"" + code.toLowerCase() + "\",\"title\":\"Bench " + code + "\",\"status\":\"active\","
        + "\"skus\":[{\"code\":\"" + code + "\",\"price_amount\":1999,\"currency\":\"EUR\",\"on_hand\":10000000}]}";
      String created = send(post(base + "/api/v1/admin/products", admin, body)).body();
      Matcher m = Pattern.compile("\"admin_skus\":\\[\\{\"id\":\"([^\"]+)\"").matcher(created);
      if (!m.find()) {
        throw new IllegalStateException("product not created: " + created);
      }
      skus.add(m.group(1));
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < shoppers; i++) {
      String email = "bench-" + UUID.randomUUID() + "@example.com";
      send(post(base + "/api/v1/users", null,
        "{\"email\":\"" + email + "\",\"password\":\"bench-password-123\",\"display_name\":\"Bench\"}"));
      tokens.add(token(base, email, "bench-password-123"));
    }

    Result checkout = run(seconds, tokens, token -> {
      String sku = skus.get(ThreadLocalRandom.current().nextInt(skus.size()));
      return HTTP.sendAsync(put(base + "/api/v1/cart/items/" + sku, token, "{\"quantity\":1}"), HttpResponse.BodyHandlers.discarding())
        .thenCompose(cart -> {
          long start = System.nanoTime();
          HttpRequest order = HttpRequest.newBuilder(URI.create(base + "/api/v1/orders"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString(ADDRESS)).build();
          return HTTP.sendAsync(order, HttpResponse.BodyHandlers.discarding())
            .thenApply(response -> new long[] {response.statusCode(), System.nanoTime() - start});
        });
    });
    Result baseline = run(seconds, tokens, token -> {
      long start = System.nanoTime();
      return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> new long[] {response.statusCode(), System.nanoTime() - start});
    });
    System.out.printf("RESULT checkout ok=%d rps=%.1f p50=%.1fms p99=%.1fms errors=%d%n", checkout.ok, checkout.rps(seconds),
      checkout.percentile(50), checkout.percentile(99), checkout.errors.get());
    System.out.printf("RESULT static ok=%d rps=%.1f p50=%.1fms p99=%.1fms errors=%d%n", baseline.ok, baseline.rps(seconds),
      baseline.percentile(50), baseline.percentile(99), baseline.errors.get());
    System.out.printf("RESULT ratio checkout/static=%.4f%n", checkout.rps(seconds) / baseline.rps(seconds));
  }

  interface Step {
    CompletableFuture<long[]> run(String token);
  }

  static final class Result {
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    final AtomicLong errors = new AtomicLong();
    long ok;

    double rps(int seconds) {
      return ok / (double) seconds;
    }

    double percentile(int p) {
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
    }
  }

  /** One loop per shopper, back to back, until the time is up. */
  static Result run(int seconds, List<String> tokens, Step step) throws Exception {
    Result result = new Result();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (String token : tokens) {
      loops.add(loop(token, step, end, result));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
    result.ok = result.latencies.size();
    return result;
  }

  static CompletableFuture<Void> loop(String token, Step step, long end, Result result) {
    if (System.nanoTime() >= end) {
      return CompletableFuture.completedFuture(null);
    }
    return step.run(token).handle((outcome, failure) -> {
      if (failure == null && outcome[0] >= 200 && outcome[0] < 300) {
        result.latencies.add(outcome[1]);
      } else {
        result.errors.incrementAndGet();
      }
      return null;
    }).thenCompose(v -> loop(token, step, end, result));
  }

  static String token(String base, String email, String password) throws Exception {
    String body = send(post(base + "/api/v1/auth/token", null,
      "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).body();
    Matcher m = FIELD.matcher(body);
    while (m.find()) {
      if (m.group(1).equals("access_token")) {
        return m.group(2);
      }
    }
    throw new IllegalStateException("login failed: " + body);
  }

  static HttpRequest post(String url, String token, String json) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  static HttpRequest put(String url, String token, String json) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
      .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
