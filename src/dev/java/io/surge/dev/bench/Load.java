package io.surge.dev.bench;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Closed-loop load on one endpoint at a time (RECS_CONNECTIONS clients, RECS_SECONDS each): the static
 * {@code /health/live} first (the same run's ceiling), then {@code /api/v1/me/recommendations} for registered
 * customers, then the same lookup for the evaluated (imported) customers through the admin route, which runs the
 * same code with their trained lists. Throughput and p99 per phase.
 */
final class Load {

  private final HttpClient http;
  private final String base;
  private final int connections = Integer.parseInt(System.getenv().getOrDefault("RECS_CONNECTIONS", "16"));
  private final int seconds = Integer.parseInt(System.getenv().getOrDefault("RECS_SECONDS", "10"));

  Load(HttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  JsonObject compare(String admin, List<String> userIds) throws Exception {
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      customers.add(customer());
    }
    JsonObject result = new JsonObject().put("connections", connections).put("seconds", seconds);
    result.put("static", phase(i -> get("/health/live", null)));
    result.put("me", phase(i -> get("/api/v1/me/recommendations?limit=10", customers.get(i % customers.size()))));
    if (!userIds.isEmpty()) {
      result.put("trained_customers", phase(i -> get("/api/v1/admin/users/" + userIds.get(i % userIds.size())
        + "/recommendations?limit=10", admin)));
    }
    return result;
  }

  private String customer() throws Exception {
    String email = "bench-" + UUID.randomUUID() + "@example.com";
    String password = "correct-horse-battery-staple";
    post("/api/v1/users", new JsonObject().put("email", email).put("password", password)
      .put("display_name", "Bench shopper"));
    return new JsonObject(post("/api/v1/auth/token", new JsonObject().put("email", email).put("password", password)))
      .getString("access_token");
  }

  private JsonObject phase(IntFunction<HttpRequest> request) throws Exception {
    long[] cpuBefore = cpuMillis();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<long[]>> runs = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int client = c;
      runs.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        int errors = 0;
        for (int i = client; System.nanoTime() < end; i += connections) {
          long start = System.nanoTime();
          HttpResponse<Void> response = http.send(request.apply(i), HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            errors++;
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
          }
          latencies[n++] = System.nanoTime() - start;
        }
        long[] done = Arrays.copyOf(latencies, n + 1);
        done[n] = -errors;
        return done;
      }));
    }
    List<Long> all = new ArrayList<>();
    long errors = 0;
    for (Future<long[]> run : runs) {
      long[] latencies = run.get();
      errors -= latencies[latencies.length - 1];
      for (int i = 0; i < latencies.length - 1; i++) {
        all.add(latencies[i]);
      }
    }
    pool.shutdown();
    all.sort(Long::compare);
    double p99 = all.isEmpty() ? 0 : all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1)) / 1e6;
    long[] cpuAfter = cpuMillis();
    JsonObject result = new JsonObject().put("requests", all.size()).put("errors", errors)
      .put("per_second", all.size() / (double) seconds).put("p99_ms", p99);
    if (cpuBefore[0] >= 0 && cpuAfter[0] >= 0 && !all.isEmpty()) {
      result.put("server_cpu_ms_per_request", (cpuAfter[0] - cpuBefore[0]) / (double) all.size());
    }
    if (cpuBefore[1] >= 0 && cpuAfter[1] >= 0 && !all.isEmpty()) {
      result.put("postgres_cpu_ms_per_request", (cpuAfter[1] - cpuBefore[1]) / (double) all.size());
    }
    return result;
  }

  /**
   * CPU time so far, in ms, of the server's process tree (RECS_SERVER_PID: the JVM, its embedded Redis) and of its
   * embedded PostgreSQL (the postmaster whose command line names RECS_POSTGRES_DIR, with its backends); -1 where
   * unknown. Why: on a shared
   * machine throughput follows whatever else runs; the CPU a request costs the server and the database does not.
   * The benchmark runs one phase at a time, so what the processes spent in a phase is that phase's.
   */
  private static long[] cpuMillis() {
    String server = System.getenv("RECS_SERVER_PID");
    String postgresDir = System.getenv("RECS_POSTGRES_DIR");
    // the postmaster (a descendant of the server, which started it) and its backends
    java.util.Set<Long> postgres = postgresDir == null ? java.util.Set.of() : ProcessHandle.allProcesses()
      .filter(p -> p.info().commandLine().map(c -> c.contains(postgresDir) && c.contains("-D")).orElse(false))
      .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
      .map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    long serverMs = server == null ? -1 : ProcessHandle.of(Long.parseLong(server))
      .map(root -> java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
        .filter(p -> !postgres.contains(p.pid())).mapToLong(Load::cpuMillis).sum())
      .orElse(-1L);
    long postgresMs = postgres.isEmpty() ? -1 : postgres.stream().map(ProcessHandle::of)
      .mapToLong(p -> p.map(Load::cpuMillis).orElse(0L)).sum();
    return new long[] {serverMs, postgresMs};
  }

  private static long cpuMillis(ProcessHandle process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
  }

  private HttpRequest get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  private String post(String path, JsonObject body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
