import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Flash-sale benchmark driver (Vert.x HTTP client, HdrHistogram). Side by side, in one run:
 * (a) the static /health/live endpoint, the ceiling of this machine; (b) the naive design (one
 * PostgreSQL transaction per purchase on the hot SKU row, served by the dev server's baseline
 * verticle); (c) Surge's flash-sale path. Each gets a closed-model maximum-throughput run
 * (connections send back to back) and an open-model run at half that maximum (requests leave at
 * fixed intervals whatever the server does; latency is measured from the intended send time, so
 * queueing is not hidden: coordinated omission corrected). Then a stampede on a small sale (demand
 * far above supply) and the invariants against PostgreSQL. Writes JSON and an HTML chart.
 *
 * Usage: java -cp CLASSPATH FlashSaleLoad.java key=value... (see flash-sale.sh)
 */
public class FlashSaleLoad {

  static final int LIMIT = 100;
  static Vertx vertx;
  static HttpClientAgent client;
  static Map<String, String> opts = new TreeMap<>();
  static long serverPid;
  /** The Kafka broker's own process (0: it runs inside the server JVM and its CPU counts as the server's). */
  static long kafkaPid;
  static JWTAuth signer;

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      opts.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int connections = Integer.parseInt(opts.get("connections"));
    int seconds = Integer.parseInt(opts.get("seconds"));
    int quantity = Integer.parseInt(opts.get("quantity"));
    int buyerCount = Integer.parseInt(opts.get("buyers"));
    serverPid = Long.parseLong(opts.getOrDefault("serverPid", "0"));
    kafkaPid = Long.parseLong(opts.getOrDefault("kafkaPid", "0"));
    URI base = URI.create(opts.get("base"));
    URI naive = URI.create(opts.get("naive"));
    opts.put("host", base.getHost());
    opts.put("port", Integer.toString(base.getPort()));

    vertx = Vertx.vertx();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    Pool db = PgBuilder.pool().connectingTo(opts.get("pg")).using(vertx).build();

    // Buyers: rows straight into PostgreSQL, tokens signed with the dev server's key (no hashing cost in the numbers).
    String hash = db.query("SELECT password_hash FROM users LIMIT 1").execute().await().iterator().next().getString(0);
    UUID adminId = db.preparedQuery("SELECT id FROM users WHERE email = $1").execute(Tuple.of(opts.get("adminEmail")))
      .await().iterator().next().getUUID(0);
    signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
      .setBuffer(Files.readString(Path.of(opts.get("key"))))));
    String admin = token(signer, adminId, "admin");
    List<String> buyers = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < buyerCount; i++) {
      UUID id = UUID.randomUUID();
      rows.add(Tuple.of(id, "bench-" + id + "@bench.example", hash, "Bench " + i));
      buyers.add(token(signer, id, "customer"));
    }
    db.preparedQuery("INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)").executeBatch(rows).await();
    String big = sku(base, admin, "BENCH-BIG-" + System.nanoTime(), 10_000_000);
    String naiveSku = sku(base, admin, "BENCH-NAIVE-" + System.nanoTime(), 10_000_000);
    System.err.printf("%d buyers ready; runs of %d s, %d connections%n", buyerCount, seconds, connections);

    List<JsonObject> results = new ArrayList<>();
    int freshBuyers = Integer.parseInt(opts.getOrDefault("fresh", "8000"));
    int freshQuantity = Integer.parseInt(opts.getOrDefault("freshQuantity", "1000"));
    if ("fresh".equals(opts.get("only"))) { // the fresh-crowd scenarios alone, after a warm-up stampede on another sale
      JsonObject warmSale = sale(base, admin, sku(base, admin, "BENCH-WARM-" + System.nanoTime(), quantity), quantity);
      closed("warm-up stampede", purchases(base, warmSale.getString("id"), buyers), connections, seconds);
      JsonObject fresh = freshCrowds(db, base, admin, hash, freshBuyers, freshQuantity, connections);
      Files.writeString(Path.of(opts.get("out") + ".json"), new JsonObject().put("when", Instant.now().toString())
        .put("settings", new JsonObject().put("connections", connections).put("fresh_buyers", freshBuyers)
          .put("fresh_quantity", freshQuantity)).put("fresh_crowd", fresh).encodePrettily());
      vertx.close().await();
      System.exit(fresh.getBoolean("hold") ? 0 : 1);
    }
    Target health = new Target(base, i -> get("/health/live"));
    Target naiveBuy = new Target(naive, i -> post("/naive/skus/" + naiveSku + "/purchases", buyers.get(i % buyers.size()), null));
    JsonObject bigSale = sale(base, admin, big, 1_000_000);
    Target flashBuy = purchases(base, bigSale.getString("id"), buyers);

    // Closed model: the maximum each design reaches.
    JsonObject staticMax = closed("static JSON", health, connections, seconds);
    JsonObject naiveMax = closed("naive: UPDATE per purchase", naiveBuy, connections, seconds);
    JsonObject flashMax = closed("flash-sale path", flashBuy, connections, seconds);
    // The stampede: demand far above a small supply; decisions are accepted (202) plus sold out (410).
    JsonObject stampedeSale = sale(base, admin, sku(base, admin, "BENCH-SALE-" + System.nanoTime(), quantity), quantity);
    // BENCH_MONITOR=1: an admin's live monitor (GET .../live, one tick a second) is open through the stampede.
    MonitorStream monitor = "1".equals(opts.get("monitor")) ? MonitorStream.open(base, admin, stampedeSale.getString("id")) : null;
    JsonObject stampede = closed("flash-sale stampede (" + quantity + " units)", purchases(base, stampedeSale.getString("id"), buyers),
      connections, seconds);
    if (monitor != null) {
      stampede.put("monitor", monitor.close());
    }
    results.addAll(List.of(staticMax, naiveMax, flashMax, stampede));
    // Open model at half of each maximum: what a buyer waits when the server is not saturated.
    results.add(open("static JSON @ 50%", health, connections, seconds, staticMax.getDouble("rps") / 2));
    results.add(open("naive @ 50%", naiveBuy, connections, seconds, naiveMax.getDouble("rps") / 2));
    results.add(open("flash-sale path @ 50%", flashBuy, connections, seconds, flashMax.getDouble("rps") / 2));

    JsonObject fresh = freshBuyers > 0 ? freshCrowds(db, base, admin, hash, freshBuyers, freshQuantity, connections) : null;
    JsonObject invariants = invariants(db, List.of(bigSale.getString("id"), stampedeSale.getString("id")), quantity,
      stampedeSale.getString("id"), results);
    double decisions = stampede.getJsonObject("statuses").getInteger("202", 0) + stampede.getJsonObject("statuses").getInteger("410", 0);
    JsonObject ratios = new JsonObject()
      .put("decisions_vs_static", round(decisions / stampede.getDouble("seconds") / staticMax.getDouble("rps")))
      .put("accepted_orders_vs_naive", round(accepted(flashMax) / Math.max(1, accepted(naiveMax))))
      .put("flash_p99_ms_at_half_max", results.get(6).getJsonObject("latency_ms").getDouble("p99"));
    JsonObject report = new JsonObject().put("when", Instant.now().toString())
      .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors()))
      .put("settings", new JsonObject().put("connections", connections).put("seconds", seconds).put("buyers", buyerCount)
        .put("stampede_quantity", quantity).put("monitor_open", monitor != null))
      .put("scenarios", new JsonArray(results)).put("ratios", ratios).put("invariants", invariants).put("fresh_crowd", fresh)
      .put("targets", new JsonObject().put("decisions_vs_static", ">= 0.50").put("accepted_orders_vs_naive", ">= 10")
        .put("flash_p99_ms_at_half_max", "<= 10"));
    Files.writeString(Path.of(opts.get("out") + ".json"), report.encodePrettily());
    Files.writeString(Path.of(opts.get("out") + ".html"), Chart.html(report));
    System.out.println(report.encodePrettily());
    vertx.close().await();
    System.exit(invariants.getBoolean("hold") && (fresh == null || fresh.getBoolean("hold")) ? 0 : 1);
  }

  // ---- scenarios

  /** What to send: request number -> request. */
  /** The console's live monitor of a sale, read as a browser would: counts the ticks and keeps the last one. */
  static final class MonitorStream {
    final io.vertx.core.http.HttpClient client = vertx.createHttpClient();
    final java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
    final StringBuilder text = new StringBuilder();
    volatile String last;

    static MonitorStream open(URI base, String admin, String saleId) {
      MonitorStream stream = new MonitorStream();
      stream.client.request(new RequestOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/api/v1/admin/flash-sales/" + saleId + "/live").putHeader("Authorization", "Bearer " + admin))
        .compose(request -> {
          Future<io.vertx.core.http.HttpClientResponse> response = request.response().onSuccess(r -> r.handler(chunk -> {
            synchronized (stream) {
              stream.text.append(chunk);
              int end;
              while ((end = stream.text.indexOf("\n\n")) >= 0) {
                String event = stream.text.substring(0, end);
                stream.text.delete(0, end + 2);
                if (event.startsWith("event: tick")) {
                  stream.ticks.incrementAndGet();
                  stream.last = event.substring(event.indexOf("data: ") + 6);
                }
              }
            }
          }));
          request.end();
          return response;
        }).await();
      return stream;
    }

    JsonObject close() {
      client.close().await();
      return new JsonObject().put("ticks", ticks.get()).put("last_tick", last == null ? null : new JsonObject(last));
    }
  }

  record Target(URI base, IntFunction<Request> request) {
  }

  /** One request; {@code pass} (a sale pass, sent as X-Flash-Pass) stands in for the access token when set. */
  record Request(HttpMethod method, String path, String token, String key, String pass) {
  }

  static Request get(String path) {
    return new Request(HttpMethod.GET, path, null, null, null);
  }

  static Request post(String path, String token, String key) {
    return new Request(HttpMethod.POST, path, token, key, null);
  }

  static Target purchases(URI base, String saleId, List<String> buyers) {
    String run = Long.toString(System.nanoTime(), 36);
    AtomicLong keys = new AtomicLong(); // unique across warm-up and runs: a repeated key would be an idempotent replay
    return new Target(base, i -> post("/api/v1/flash-sales/" + saleId + "/purchases", buyers.get(i % buyers.size()),
      run + "-" + keys.incrementAndGet()));
  }

  /** A tally of one run: latencies in microseconds, answers by status. */
  static final class Tally {
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    final Map<String, Integer> statuses = new TreeMap<>();
    int sent;
    int done;

    void record(long startNanos, String status) {
      latency.recordValue(Math.max(1, (System.nanoTime() - startNanos) / 1000));
      statuses.merge(status, 1, Integer::sum);
      done++;
    }
  }

  /** The request's method, path and headers: bearer token or sale pass, and the Idempotency-Key. */
  static RequestOptions options(String host, int port, Request r) {
    RequestOptions options = new RequestOptions().setMethod(r.method()).setHost(host).setPort(port).setURI(r.path());
    if (r.token() != null) {
      options.addHeader("Authorization", "Bearer " + r.token());
    }
    if (r.key() != null) {
      options.addHeader("Idempotency-Key", r.key());
    }
    if (r.pass() != null) {
      options.addHeader("X-Flash-Pass", r.pass());
    }
    return options;
  }

  static Future<String> send(Target target, int i) {
    Request r = target.request().apply(i);
    return client.request(options(target.base().getHost(), target.base().getPort(), r))
      .compose(req -> r.method() == HttpMethod.POST ? req.send(Buffer.buffer("{\"quantity\":1}")) : req.send())
      .compose(resp -> resp.body().map(b -> Integer.toString(resp.statusCode())))
      .recover(e -> Future.succeededFuture("error"));
  }

  /** The driver's event loops (-Dlanes, default 1: a second one takes more CPU from the server than it gives): each lane has its own share of connections (or rate) and its own tally. */
  static final int LANES = Integer.parseInt(System.getProperty("lanes", "1"));

  /** Closed model: each connection sends its next request when the last one is answered. */
  static JsonObject closed(String name, Target target, int connections, int seconds) {
    Tally warm = closedRun(target, connections, 3);
    CpuClock cpu = new CpuClock();
    Tally tally = closedRun(target, connections, seconds);
    return summary(name, "closed", tally, cpu, null).put("warmup_202", warm.statuses.getOrDefault("202", 0));
  }

  static Tally closedRun(Target target, int connections, int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    return inLanes((lane, tally, finished) -> {
      for (int c = lane; c < connections; c += LANES) {
        loop(target, lane, tally, end, finished);
      }
    });
  }

  static void loop(Target target, int lane, Tally tally, long end, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      if (tally.done == tally.sent) {
        finished.tryComplete();
      }
      return;
    }
    int i = tally.sent++ * LANES + lane;
    long start = System.nanoTime();
    send(target, i).onComplete(ar -> {
      tally.record(start, ar.result());
      loop(target, lane, tally, end, finished);
    });
  }

  /** Open model: request n leaves at start + n / rate; its latency counts from then, not from when it got a connection. */
  static JsonObject open(String name, Target target, int connections, int seconds, double rate) {
    CpuClock cpu = new CpuClock();
    double laneRate = rate / LANES;
    long total = (long) (laneRate * seconds);
    Tally tally = inLanes((lane, laneTally, finished) -> {
      long start = System.nanoTime();
      vertx.setPeriodic(1, id -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * laneRate));
        while (laneTally.sent < due) {
          long intended = start + (long) (laneTally.sent / laneRate * 1e9);
          send(target, laneTally.sent++ * LANES + lane).onComplete(ar -> {
            laneTally.record(intended, ar.result());
            if (laneTally.sent == total && laneTally.done == total) {
              finished.tryComplete();
            }
          });
        }
        if (laneTally.sent == total) {
          vertx.cancelTimer(id);
        }
      });
    });
    return summary(name, "open", tally, cpu, rate);
  }

  interface Lane {
    void run(int lane, Tally tally, Promise<Void> finished);
  }

  /** Runs the load on {@link #LANES} event loops at once and merges what they measured. */
  static Tally inLanes(Lane body) {
    List<Tally> tallies = new ArrayList<>();
    List<Promise<Void>> finished = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      tallies.add(new Tally());
      finished.add(Promise.promise());
    }
    // One verticle instance per lane: each gets its own event loop.
    AtomicInteger next = new AtomicInteger();
    String deployment = vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        int lane = next.getAndIncrement();
        body.run(lane, tallies.get(lane), finished.get(lane));
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(LANES)).await();
    Future.all(finished.stream().map(Promise::future).toList()).await();
    vertx.undeploy(deployment).await();
    Tally merged = new Tally();
    for (Tally tally : tallies) {
      merged.latency.add(tally.latency);
      tally.statuses.forEach((status, n) -> merged.statuses.merge(status, n, Integer::sum));
      merged.sent += tally.sent;
      merged.done += tally.done;
    }
    return merged;
  }

  /** CPU used by this driver and by the server process during a run, in cores (2 = both cores busy). */
  static final class CpuClock {
    final long wallStart = System.nanoTime();
    final long driverStart = driverCpuNanos();
    final long serverStart = pidCpuNanos(serverPid);
    final long kafkaStart = pidCpuNanos(kafkaPid);
    final long postgresStart = processCpuNanos("postgres");
    final long redisStart = processCpuNanos("redis-server");
    final long machineStart = machineBusyNanos();

    /** Cores busy on average: this driver, the server JVM (with its in-process Kafka broker), PostgreSQL, the machine. */
    JsonObject stop() {
      double wall = System.nanoTime() - wallStart;
      return new JsonObject().put("driver_cores", round((driverCpuNanos() - driverStart) / wall))
        .put("server_cores", serverPid == 0 ? null : round((pidCpuNanos(serverPid) - serverStart) / wall))
        .put("kafka_cores", kafkaPid == 0 ? null : round((pidCpuNanos(kafkaPid) - kafkaStart) / wall))
        .put("postgres_cores", round((processCpuNanos("postgres") - postgresStart) / wall))
        .put("redis_cores", round((processCpuNanos("redis-server") - redisStart) / wall))
        .put("machine_cores", round((machineBusyNanos() - machineStart) / wall))
        .put("seconds", round(wall / 1e9));
    }

    /** Every process whose command name starts so, summed (PostgreSQL runs a process per connection). */
    static long processCpuNanos(String command) {
      long total = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String stat = Files.readString(proc.resolve("stat"));
            if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith(command)) {
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            }
          } catch (Exception gone) {
            // the process ended meanwhile
          }
        }
      } catch (Exception e) {
        return 0;
      }
      return total;
    }

    /** All CPUs' non-idle time from /proc/stat. */
    static long machineBusyNanos() {
      try {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length; i++) {
          if (i != 4 && i != 5) { // idle, iowait
            busy += Long.parseLong(cpu[i]);
          }
        }
        return busy * 10_000_000L;
      } catch (Exception e) {
        return 0;
      }
    }

    static long driverCpuNanos() {
      return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    static long pidCpuNanos(long pid) {
      if (pid == 0) {
        return 0;
      }
      try {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        // utime + stime + cutime + cstime (clock ticks of 10 ms): children that end mid-run (PostgreSQL backends,
        // Redis snapshot forks) leave their CPU to the parent that reaps them instead of taking it with them.
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
          + Long.parseLong(stat[14])) * 10_000_000L;
      } catch (Exception e) {
        return 0;
      }
    }
  }

  static JsonObject summary(String name, String model, Tally tally, CpuClock cpu, Double rate) {
    JsonObject cpuUse = cpu.stop();
    double secs = cpuUse.getDouble("seconds");
    Histogram h = tally.latency;
    JsonObject latency = new JsonObject().put("p50", ms(h.getValueAtPercentile(50))).put("p90", ms(h.getValueAtPercentile(90)))
      .put("p99", ms(h.getValueAtPercentile(99))).put("p999", ms(h.getValueAtPercentile(99.9))).put("max", ms(h.getMaxValue()));
    JsonObject statuses = new JsonObject();
    tally.statuses.forEach(statuses::put);
    JsonObject result = new JsonObject().put("name", name).put("model", model).put("target_rps", rate == null ? null : round(rate))
      .put("requests", tally.done).put("seconds", secs).put("rps", round(tally.done / secs)).put("statuses", statuses)
      .put("latency_ms", latency).put("cpu_cores", cpuUse);
    System.err.println(result.encode());
    return result;
  }

  // ---- a fresh crowd: buyers this server has never seen, one or two presses each

  /**
   * Two crowds of {@code buyers} new buyers on two sales of {@code quantity} units (demand far above supply): one
   * buying with access tokens the server verifies for the first time (ES256 per buyer at the peak), one with sale
   * passes taken before the sale starts (the ES256 check paid then, one HMAC at the peak). Every fourth buyer presses
   * a second time, with a new key, soon after. Reports decisions/s, latency and CPU-ms per decision per process.
   */
  static JsonObject freshCrowds(Pool db, URI base, String admin, String hash, int buyers, int quantity, int connections) {
    JsonObject bearer = freshCrowd(db, base, admin, hash, buyers, quantity, connections, false);
    JsonObject pass = freshCrowd(db, base, admin, hash, buyers, quantity, connections, true);
    JsonObject best = pass.getJsonObject("crowd");
    JsonObject targets = new JsonObject()
      .put("decisions_per_s", target(best.getDouble("rps"), ">=", 10_000))
      .put("p99_ms", target(best.getJsonObject("latency_ms").getDouble("p99"), "<=", 20))
      .put("cpu_ms_per_decision_all_processes", target(best.getJsonObject("cpu_ms_per_decision").getDouble("all"), "<=", 0.2));
    JsonObject result = new JsonObject().put("with_access_tokens", bearer).put("with_sale_passes", pass)
      .put("pass_vs_token_decisions", round(best.getDouble("rps") / bearer.getJsonObject("crowd").getDouble("rps")))
      .put("targets", targets).put("hold", bearer.getBoolean("hold") && pass.getBoolean("hold"));
    System.err.println("fresh crowd: " + result.getDouble("pass_vs_token_decisions") + "x decisions/s with passes");
    targets.forEach(t -> System.err.println("  " + t.getKey() + ": " + ((JsonObject) t.getValue()).encode()));
    return result;
  }

  static JsonObject target(double value, String op, double goal) {
    boolean pass = ">=".equals(op) ? value >= goal : value <= goal;
    return new JsonObject().put("value", value).put("target", op + " " + goal).put("verdict", pass ? "PASS" : "FAIL");
  }

  static JsonObject freshCrowd(Pool db, URI base, String admin, String hash, int count, int quantity, int connections,
                               boolean withPasses) {
    List<UUID> ids = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      rows.add(Tuple.of(id, "fresh-" + id + "@bench.example", hash, "Fresh " + i));
    }
    db.preparedQuery("INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)").executeBatch(rows).await();
    List<String> tokens = ids.stream().map(id -> token(signer, id, "customer")).toList();
    // With passes, the sale opens only after every buyer had time to take one (as on a real countdown page).
    Instant starts = Instant.now().plusSeconds(withPasses ? 3 + count / 500 : 0).minusMillis(withPasses ? 0 : 1000);
    String code = (withPasses ? "BENCH-FRESH-PASS-" : "BENCH-FRESH-JWT-") + System.nanoTime();
    String saleId = sale(base, admin, sku(base, admin, code, quantity), quantity, starts, 2).getString("id");
    String path = "/api/v1/flash-sales/" + saleId + "/purchases";
    JsonObject result = new JsonObject();
    String[] passes = new String[count];
    if (withPasses) {
      CpuClock cpu = new CpuClock();
      Tally issued = drain(connections, count, i -> post("/api/v1/flash-sales/" + saleId + "/pass", tokens.get(i), null),
        (i, body) -> passes[i] = body.toJsonObject().getString("pass"));
      result.put("pass_issue", perDecision(summary("sale passes issued (before the start)", "closed", issued, cpu, null),
        issued.done));
      long wait = starts.toEpochMilli() - System.currentTimeMillis();
      if (wait > 0) {
        vertx.timer(wait + 50).await();
      }
    }
    List<Request> presses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      presses.add(press(path, tokens, passes, i, "first"));
      int earlier = i - 64; // a second press, with a new key, some 64 presses after the buyer's first
      if (earlier >= 0 && earlier % 4 == 0) {
        presses.add(press(path, tokens, passes, earlier, "second"));
      }
    }
    for (int earlier = Math.max(0, count - 64); earlier < count; earlier++) {
      if (earlier % 4 == 0) {
        presses.add(press(path, tokens, passes, earlier, "second"));
      }
    }
    CpuClock cpu = new CpuClock();
    Tally crowd = drain(connections, presses.size(), presses::get, null);
    JsonObject run = summary("fresh crowd, " + (withPasses ? "sale passes" : "access tokens"), "closed", crowd, cpu, null);
    int decisions = run.getJsonObject("statuses").getInteger("202", 0) + run.getJsonObject("statuses").getInteger("410", 0);
    result.put("crowd", perDecision(run, decisions));
    Row held = db.preparedQuery("SELECT (SELECT sold FROM flash_sales WHERE id = $1) AS sold, "
      + "(SELECT count(*) FROM flash_purchases WHERE sale_id = $1) AS purchases").execute(Tuple.of(UUID.fromString(saleId)))
      .await().iterator().next();
    boolean hold = held.getInteger("sold").intValue() == quantity && held.getLong("purchases").longValue() == run.getJsonObject("statuses").getInteger("202", 0).intValue();
    return result.put("sold", held.getInteger("sold")).put("quantity", quantity).put("durable_purchases", held.getLong("purchases"))
      .put("hold", hold);
  }

  static Request press(String path, List<String> tokens, String[] passes, int buyer, String which) {
    String key = which + "-" + buyer;
    return passes[buyer] != null ? new Request(HttpMethod.POST, path, null, key, passes[buyer])
      : new Request(HttpMethod.POST, path, tokens.get(buyer), key, null);
  }

  /** CPU-ms per decision (or per pass) for each process, from the cores each used over the run. */
  static JsonObject perDecision(JsonObject run, int decisions) {
    JsonObject cores = run.getJsonObject("cpu_cores");
    double ms = cores.getDouble("seconds") * 1000 / Math.max(1, decisions);
    JsonObject perProcess = new JsonObject();
    double all = 0;
    for (String process : List.of("server", "postgres", "redis", "kafka", "driver")) {
      Object used = cores.getValue(process + "_cores");
      double value = used == null ? 0 : ((Number) used).doubleValue() * ms;
      perProcess.put(process, round(value));
      all += process.equals("driver") ? 0 : value;
    }
    perProcess.put("all", round(all)).put("machine", round(cores.getDouble("machine_cores") * ms))
      .put("note", kafkaPid == 0 ? "all = server (with its in-process Kafka broker) + PostgreSQL + Redis; the driver apart"
        : "all = server + PostgreSQL + Redis + Kafka (own process); the driver apart");
    return run.put("decisions", decisions).put("cpu_ms_per_decision", perProcess);
  }

  /** Sends requests 0..total-1 over {@code connections} connections, each taking the next when answered. */
  static Tally drain(int connections, int total, IntFunction<Request> request, java.util.function.BiConsumer<Integer, Buffer> bodies) {
    AtomicInteger next = new AtomicInteger();
    return inLanes((lane, tally, finished) -> {
      for (int c = lane; c < connections; c += LANES) {
        drainOne(request, bodies, total, next, tally, finished);
      }
    });
  }

  static void drainOne(IntFunction<Request> requests, java.util.function.BiConsumer<Integer, Buffer> bodies, int total,
                       AtomicInteger next, Tally tally, Promise<Void> finished) {
    int i = next.getAndIncrement();
    if (i >= total) {
      if (tally.done == tally.sent) {
        finished.tryComplete();
      }
      return;
    }
    tally.sent++;
    Request r = requests.apply(i);
    long start = System.nanoTime();
    client.request(options(opts.get("host"), Integer.parseInt(opts.get("port")), r)).compose(req -> req.send()).compose(resp -> resp.body().map(body -> {
        if (bodies != null && resp.statusCode() == 200) {
          bodies.accept(i, body);
        }
        return Integer.toString(resp.statusCode());
      }))
      .recover(e -> Future.succeededFuture("error"))
      .onComplete(ar -> {
        tally.record(start, ar.result());
        drainOne(requests, bodies, total, next, tally, finished);
      });
  }

  // ---- set-up over the public admin API

  static String token(JWTAuth signer, UUID subject, String role) {
    return signer.generateToken(new JsonObject().put("roles", new JsonArray().add(role)).put("jti", UUID.randomUUID().toString()),
      new JWTOptions().setAlgorithm("ES256").setIssuer(opts.get("issuer")).setAudience(List.of(opts.get("audience")))
        .setSubject(subject.toString()).setExpiresInSeconds(3600));
  }

  static JsonObject call(URI base, HttpMethod method, String path, String token, JsonObject body) {
    return client.request(new RequestOptions().setMethod(method).setHost(base.getHost()).setPort(base.getPort()).setURI(path)
        .addHeader("Authorization", "Bearer " + token).addHeader("Content-Type", "application/json"))
      .compose(req -> req.send(body.toBuffer()))
      .compose(resp -> resp.body().map(b -> {
        if (resp.statusCode() >= 300) {
          throw new IllegalStateException(path + " answered " + resp.statusCode() + ": " + b);
        }
        return b.toJsonObject();
      })).await();
  }

  static String sku(URI base, String admin, String code, int onHand) {
    JsonObject product = call(base, HttpMethod.POST, "/api/v1/admin/products", admin, new JsonObject()
      .put("slug", code.toLowerCase()).put("title", "Bench " + code).put("status", "active")
      .put("skus", new JsonArray().add(new JsonObject().put("code", code)
        .put("price", new JsonObject().put("amount", 9900).put("currency", "EUR"))
        .put("on_hand", onHand))));
    return product.getJsonArray("admin_skus").getJsonObject(0).getString("id");
  }

  static JsonObject sale(URI base, String admin, String sku, int quantity) {
    return sale(base, admin, sku, quantity, Instant.now().minusSeconds(1), LIMIT);
  }

  static JsonObject sale(URI base, String admin, String sku, int quantity, Instant starts, int perUserLimit) {
    return call(base, HttpMethod.POST, "/api/v1/admin/flash-sales", admin, new JsonObject().put("sku_id", sku)
      .put("sale_price", new JsonObject().put("amount", 4900).put("currency", "EUR")).put("quantity", quantity)
      .put("per_user_limit", perUserLimit)
      .put("starts_at", starts.toString()).put("ends_at", Instant.now().plusSeconds(3600).toString()));
  }

  // ---- what must hold

  static JsonObject invariants(Pool db, List<String> saleIds, int quantity, String stampedeId, List<JsonObject> results) {
    long accepted202 = results.stream().filter(r -> r.getString("name").startsWith("flash"))
      .mapToLong(r -> r.getJsonObject("statuses").getInteger("202", 0) + r.getInteger("warmup_202", 0)).sum();
    UUID[] ids = saleIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    // With the Kafka intake, orders are written shortly after their 202: give the consumer up to 30 s to catch up.
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && db.preparedQuery("SELECT count(*) FROM flash_purchases WHERE sale_id = ANY($1)")
      .execute(Tuple.of(ids)).await().iterator().next().getLong(0) < accepted202) {
      vertx.timer(200).await();
    }
    Row row = db.preparedQuery("""
        SELECT (SELECT count(*) FROM flash_purchases WHERE sale_id = ANY($1) AND status = 'ordered') AS orders,
               (SELECT count(*) FROM orders o JOIN flash_purchases p ON p.order_id = o.id WHERE p.sale_id = ANY($1)) AS order_rows,
               (SELECT sold FROM flash_sales WHERE id = $2) AS sold,
               (SELECT count(*) FROM (SELECT 1 FROM flash_purchases WHERE sale_id = ANY($1)
                  GROUP BY sale_id, user_id, idempotency_key HAVING count(*) > 1) d) AS duplicates,
               (SELECT count(*) FROM (SELECT 1 FROM flash_purchases WHERE sale_id = ANY($1) AND status = 'ordered'
                  GROUP BY sale_id, user_id HAVING sum(quantity) > $3) u) AS over_limit""")
      .execute(Tuple.of(ids, UUID.fromString(stampedeId), LIMIT)).await().iterator().next();
    long orders = row.getLong("orders");
    boolean hold = row.getInteger("sold") == quantity && orders == accepted202 && row.getLong("order_rows") == orders
      && row.getLong("duplicates") == 0 && row.getLong("over_limit") == 0;
    return new JsonObject().put("stampede_sold", row.getInteger("sold")).put("stampede_quantity", quantity)
      .put("accepted_202", accepted202).put("durable_orders", orders).put("order_rows", row.getLong("order_rows"))
      .put("duplicate_keys", row.getLong("duplicates")).put("users_over_limit", row.getLong("over_limit")).put("hold", hold);
  }

  static double accepted(JsonObject run) {
    return run.getJsonObject("statuses").getInteger("202", 0) / run.getDouble("seconds");
  }

  static double ms(long micros) {
    return round(micros / 1000.0);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** A self-contained HTML page with SVG bars: throughput per scenario, latency percentiles per scenario (log scale). */
  static final class Chart {

    static String html(JsonObject report) {
      JsonArray scenarios = report.getJsonArray("scenarios");
      StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Surge flash-sale benchmark</title>"
        + "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px}td,th{padding:2px 8px;text-align:right}"
        + "th:first-child,td:first-child{text-align:left}p{overflow-wrap:anywhere}table{font-size:12px}</style><h1>Flash-sale benchmark</h1><p>" + report.getString("when")
        + ", " + report.getJsonObject("machine").getInteger("cores") + " cores shared by server and load driver. Ratios: "
        + report.getJsonObject("ratios").encode() + " (targets " + report.getJsonObject("targets").encode() + "). Invariants: "
        + report.getJsonObject("invariants").encode() + "</p>");
      page.append("<h2>Throughput (requests/s)</h2>").append(bars(scenarios, r -> r.getDouble("rps"), false));
      for (String p : List.of("p50", "p99", "p999")) {
        page.append("<h2>Latency ").append(p).append(" (ms, log scale)</h2>")
          .append(bars(scenarios, r -> r.getJsonObject("latency_ms").getDouble(p), true));
      }
      page.append("<h2>Table</h2><table><tr><th>scenario</th><th>model</th><th>rps</th><th>p50</th><th>p90</th><th>p99</th>"
        + "<th>p99.9</th><th>max</th><th>statuses</th><th>driver cores</th><th>server cores</th><th>PostgreSQL cores</th>"
        + "<th>machine cores busy</th></tr>");
      for (int i = 0; i < scenarios.size(); i++) {
        JsonObject r = scenarios.getJsonObject(i);
        JsonObject l = r.getJsonObject("latency_ms");
        page.append("<tr><td>").append(r.getString("name")).append("</td><td>").append(r.getString("model")).append("</td><td>")
          .append(r.getDouble("rps")).append("</td><td>").append(l.getDouble("p50")).append("</td><td>").append(l.getDouble("p90"))
          .append("</td><td>").append(l.getDouble("p99")).append("</td><td>").append(l.getDouble("p999")).append("</td><td>")
          .append(l.getDouble("max")).append("</td><td>").append(r.getJsonObject("statuses").encode()).append("</td><td>")
          .append(r.getJsonObject("cpu_cores").getValue("driver_cores")).append("</td><td>")
          .append(r.getJsonObject("cpu_cores").getValue("server_cores")).append("</td><td>")
          .append(r.getJsonObject("cpu_cores").getValue("postgres_cores")).append("</td><td>")
          .append(r.getJsonObject("cpu_cores").getValue("machine_cores")).append("</td></tr>");
      }
      return page.append("</table></html>\n").toString();
    }

    static String bars(JsonArray scenarios, java.util.function.Function<JsonObject, Double> value, boolean log) {
      double max = 0;
      for (int i = 0; i < scenarios.size(); i++) {
        max = Math.max(max, scale(value.apply(scenarios.getJsonObject(i)), log));
      }
      StringBuilder svg = new StringBuilder("<svg role=\"img\" width=\"900\" height=\"" + (scenarios.size() * 26 + 10) + "\">");
      for (int i = 0; i < scenarios.size(); i++) {
        JsonObject r = scenarios.getJsonObject(i);
        double v = value.apply(r);
        double width = max == 0 ? 0 : 560 * scale(v, log) / max;
        int y = i * 26 + 5;
        svg.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(r.getString("name")).append("</text>")
          .append("<rect x=\"250\" y=\"").append(y).append("\" height=\"20\" width=\"").append(Math.max(1, width))
          .append("\" fill=\"").append(r.getString("name").startsWith("flash") ? "#c0392b" : r.getString("name").startsWith("naive")
            ? "#7f8c8d" : "#2980b9").append("\"/><text x=\"").append(255 + width).append("\" y=\"").append(y + 15).append("\">")
          .append(v).append("</text>");
      }
      return svg.append("</svg>").toString();
    }

    static double scale(double v, boolean log) {
      return log ? Math.log10(Math.max(v, 0.01) * 100) : v;
    }
  }
}
