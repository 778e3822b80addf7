import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Support chat load: C customers and C/5 agents (capacity 5), every one a real user row and a real
 * WebSocket speaking the documented protocol. Customers open a conversation (assigned by the
 * server's round robin), then for a fixed time each customer writes every INTERVAL seconds and its
 * agent answers each message at once. Latency is measured from the sender's write to the other
 * side's receipt (same clock: both sides live in this process), which covers the PostgreSQL insert,
 * the acknowledgement path and the Redis pub/sub fan-out. Server memory per connection is read
 * before and after connecting (after a full GC, via jcmd) from /metrics (heap) and /proc (RSS).
 * Users are inserted directly (one shared password hash) and tokens signed with the dev key, so the
 * run measures chat, not password hashing. JDK + the PostgreSQL JDBC driver on the class path.
 * CPU per phase: the server JVM (its own threads), and its embedded PostgreSQL and Redis (its child processes), in
 * CPU-ms per message stored and delivered.
 * Several servers: BASE_URL and SERVER_PID as comma lists (same order); connections are spread over them, memory is
 * read from the first one only.
 * Usage: java -cp postgresql.jar ChatLoad.java BASE_URL JDBC_URL KEY_PEM ISSUER AUDIENCE SERVER_PID CUSTOMERS SECONDS INTERVAL MANAGEMENT_URL [RATES]
 * (RATES: comma list of messages/s, one phase each, instead of INTERVAL)
 */
public class ChatLoad {
  static final int P99_TARGET_MS = Integer.parseInt(System.getenv().getOrDefault("CHAT_P99_TARGET_MS", "50"));

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern FIELD = Pattern.compile("\"(type|id|code)\":\"([^\"]*)\"");
  static final Pattern TEXT = Pattern.compile("\"text\":\"([^\"]*)\"");
  static final Pattern ROLE = Pattern.compile("\"sender_role\":\"([^\"]*)\"");
  static final Pattern CONVERSATION = Pattern.compile("\"conversation\":\\{\"id\":\"([^\"]+)\"");

  static final long[] c2a = new long[5_000_000];
  static final long[] a2c = new long[5_000_000];
  static final AtomicInteger c2aCount = new AtomicInteger();
  static final AtomicInteger a2cCount = new AtomicInteger();
  static final AtomicInteger errors = new AtomicInteger();
  static final AtomicInteger closes = new AtomicInteger();
  static final AtomicInteger sent = new AtomicInteger();
  static final Map<String, AtomicInteger> errorCodes = new ConcurrentHashMap<>();
  static volatile boolean measuring;

  public static void main(String[] args) throws Exception {
    // several servers (comma lists of base URLs and pids): connection k goes to server k mod n, customers shifted by
    // one, so most conversations cross processes
    String[] bases = args[0].split(",");
    String jdbc = args[1];
    PrivateKey key = privateKey(Path.of(args[2]));
    dataDir = Path.of(args[2]).toAbsolutePath().getParent().getParent().toString();
    String issuer = args[3];
    String audience = args[4];
    long[] pids = Arrays.stream(args[5].split(",")).mapToLong(Long::parseLong).toArray();
    long pid = pids[0];
    serverPids = pids;
    int customers = Integer.parseInt(args[6]);
    int seconds = Integer.parseInt(args[7]);
    double interval = Double.parseDouble(args[8]);
    // metrics are served on the management port only
    String management = args[9];
    int agents = (customers + 4) / 5;
    List<String> ws = Arrays.stream(bases).map(base -> base.replace("http://", "ws://") + "/api/v1/support/ws").toList();

    List<String> agentIds = new ArrayList<>();
    List<String> customerIds = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(jdbc)) {
      String hash;
      try (ResultSet rs = db.createStatement().executeQuery("SELECT password_hash FROM users LIMIT 1")) {
        rs.next();
        hash = rs.getString(1);
      }
      insertUsers(db, hash, agents, "agent", agentIds);
      insertUsers(db, hash, customers, "customer", customerIds);
    }
    int total = agents + customers;
    System.out.printf("users: %d customers, %d agents (inserted directly)%n", customers, agents);

    long[] before = memory(management, pid);
    long t0 = System.nanoTime();
    HttpClient wsClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    List<Peer> agentPeers = connectAll(wsClient, ws, 0, agentIds, "agent", key, issuer, audience);
    List<Peer> customerPeers = connectAll(wsClient, ws, 1, customerIds, "customer", key, issuer, audience);
    double connectSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("connected %d WebSockets (hello + welcome each) in %.1f s%n", total, connectSeconds);

    long t1 = System.nanoTime();
    Semaphore inFlight = new Semaphore(200);
    CountDownLatch opened = new CountDownLatch(customers);
    for (Peer customer : customerPeers) {
      inFlight.acquire();
      customer.open().whenComplete((v, e) -> {
        inFlight.release();
        opened.countDown();
      });
    }
    if (!opened.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("conversations not opened in time");
    }
    long waitAssigned = System.currentTimeMillis() + 120_000;
    for (Peer customer : customerPeers) {
      customer.assigned.get(Math.max(1, waitAssigned - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }
    System.out.printf("opened and assigned %d conversations in %.1f s%n", customers, (System.nanoTime() - t1) / 1e9);

    long[] connected = memory(management, pid);
    double heapPer = (connected[0] - before[0]) / (double) total;
    double rssPer = (connected[1] - before[1]) / (double) total;
    System.out.printf("server heap after GC: %.1f MiB -> %.1f MiB; RSS %.1f MiB -> %.1f MiB%n",
      before[0] / 1048576.0, connected[0] / 1048576.0, before[1] / 1048576.0, connected[1] / 1048576.0);
    System.out.printf("memory per connection (with its open conversation): heap %.1f KiB, RSS %.1f KiB%n",
      heapPer / 1024, rssPer / 1024);

    // Phases: the fixed interval (one phase), or one phase per rate of RATES (messages/s stored and delivered, both
    // ways: a customer's message and its answer are two), each for SECONDS on the same connections.
    List<Double> intervals = new ArrayList<>();
    if (args.length > 10 && !args[10].isBlank()) {
      for (String rate : args[10].split(",")) {
        intervals.add(2.0 * customers / Double.parseDouble(rate.trim()));
      }
    } else {
      intervals.add(interval);
    }
    for (double every : intervals) {
      exchange(customerPeers, pid, seconds, every);
    }
    long[] after = memory(management, pid);
    System.out.printf("server heap after GC at the end: %.1f MiB; RSS %.1f MiB%n", after[0] / 1048576.0, after[1] / 1048576.0);
    for (Peer peer : agentPeers) {
      peer.socket.abort();
    }
    for (Peer peer : customerPeers) {
      peer.socket.abort();
    }
    System.exit(0);
  }

  static void exchange(List<Peer> customerPeers, long pid, int seconds, double every) throws Exception {
    c2aCount.set(0);
    a2cCount.set(0);
    sent.set(0);
    errors.set(0);
    errorCodes.clear();
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    long period = Math.round(every * 1000);
    measuring = true;
    long[] cpuBefore = cpu(pid);
    long start = System.nanoTime();
    for (Peer customer : customerPeers) {
      long offset = ThreadLocalRandom.current().nextLong(period);
      clock.scheduleAtFixedRate(customer::say, offset, period, TimeUnit.MILLISECONDS);
    }
    Thread.sleep(seconds * 1000L);
    clock.shutdownNow();
    Thread.sleep(2000);
    measuring = false;
    long[] cpuAfter = cpu(pid);
    double elapsed = (System.nanoTime() - start) / 1e9;
    int delivered = c2aCount.get() + a2cCount.get();
    System.out.printf("%nexchange: %d s, customers write every %.2f s (%.0f messages/s offered), agents answer each message%n",
      seconds, every, 2 * customerPeers.size() / every);
    System.out.printf("messages: %d sent by customers, %d delivered to agents, %d answers delivered to customers (%.0f messages/s stored and delivered)%n",
      sent.get(), c2aCount.get(), a2cCount.get(), delivered / elapsed);
    report("customer -> agent", c2a, c2aCount.get());
    report("agent -> customer", a2c, a2cCount.get());
    long[] both = new long[c2aCount.get() + a2cCount.get()];
    System.arraycopy(c2a, 0, both, 0, Math.min(c2aCount.get(), c2a.length));
    System.arraycopy(a2c, 0, both, c2aCount.get(), Math.min(a2cCount.get(), a2c.length));
    double p99 = report("both ways", both, both.length);
    // the target (issue 19) is for 10 000 connections at 200 messages/s on one instance; printed for every phase
    System.out.printf("target p99 both ways < %d ms: %s (p99 %.1f ms at %.0f messages/s offered, %d connections)%n",
      P99_TARGET_MS, p99 < P99_TARGET_MS ? "PASS" : "FAIL", p99, 2 * customerPeers.size() / every,
      customerPeers.size() + (customerPeers.size() + 4) / 5);
    String[] names = {"server", "postgres", "redis", "driver"};
    StringBuilder line = new StringBuilder("cpu (cores busy / CPU-ms per message delivered):");
    for (int i = 0; i < names.length; i++) {
      double ms = (cpuAfter[i] - cpuBefore[i]) * 10.0;
      line.append(String.format("  %s %.2f / %.3f", names[i], ms / 1000 / elapsed, delivered == 0 ? 0 : ms / delivered));
    }
    System.out.println(line);
    System.out.printf("error frames: %d %s; closed connections: %d%n", errors.get(), errorCodes, closes.get());
  }

  /** The benchmark's data directory (the key is DATA/jwt/es256-private.pem): named by its PostgreSQL's command line. */
  static String dataDir;
  /** Every server JVM (their CPU is summed as "server"). */
  static long[] serverPids;

  /**
   * CPU ticks (10 ms) so far of: the server JVM's own threads, its PostgreSQL and Redis, this driver. PostgreSQL is
   * found by its command line, not as the JVM's child: pg_ctl starts it detached, so it is nobody's descendant.
   */
  static long[] cpu(long pid) {
    long postgres = 0;
    long redis = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long child = Long.parseLong(proc.getFileName().toString());
        String name = command(child);
        boolean pg = name.startsWith("postgres");
        if ((pg || name.startsWith("redis-server")) && child != pid && ours(child, pid)) {
          long[] stat = stat(child);
          if (stat.length > 0) {
            if (pg) {
              postgres += stat[0];
            } else {
              redis += stat[0];
            }
          }
        }
      }
    } catch (Exception e) {
      // /proc unreadable: report what the JVMs' own counters say
    }
    long server = 0;
    for (long serverPid : serverPids) {
      long[] stat = stat(serverPid);
      server += stat.length == 0 ? 0 : stat[0];
    }
    long[] driver = stat(ProcessHandle.current().pid());
    return new long[] {server, postgres, redis, driver.length == 0 ? 0 : driver[0]};
  }

  static String command(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    } catch (Exception gone) {
      return "";
    }
  }

  /** The process or one of its ancestors is the server, or names the benchmark's data directory. */
  static boolean ours(long pid, long serverPid) {
    for (int depth = 0; depth < 8 && pid > 1; depth++) {
      try {
        if (pid == serverPid || new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).contains(dataDir)) {
          return true;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        pid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
      } catch (Exception gone) {
        return false;
      }
    }
    return false;
  }

  /** [utime + stime, cutime + cstime] in clock ticks, or empty when the process is gone. */
  static long[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    } catch (Exception gone) {
      return new long[0];
    }
  }

  /** Prints the percentiles; yields p99 in ms (infinite without samples). */
  static double report(String what, long[] samples, int count) {
    if (count == 0) {
      System.out.printf("%s latency: no samples%n", what);
      return Double.POSITIVE_INFINITY;
    }
    long[] sorted = Arrays.copyOf(samples, Math.min(count, samples.length));
    Arrays.sort(sorted);
    System.out.printf("%s latency (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n", what,
      sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.90)] / 1e6,
      sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    return sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6;
  }

  static void insertUsers(Connection db, String hash, int count, String role, List<String> ids) throws Exception {
    try (PreparedStatement insert = db.prepareStatement(
      "INSERT INTO users (id, email, password_hash, display_name, roles) VALUES (?::uuid, ?, ?, ?, ARRAY[?])")) {
      for (int i = 0; i < count; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        insert.setString(1, id);
        insert.setString(2, role + "-" + id + "@bench.test");
        insert.setString(3, hash);
        insert.setString(4, role + " " + i);
        insert.setString(5, role);
        insert.addBatch();
        if (i % 1000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }

  static List<Peer> connectAll(HttpClient client, List<String> ws, int shift, List<String> ids, String role,
                               PrivateKey key, String issuer, String audience) throws Exception {
    List<Peer> peers = new ArrayList<>();
    Semaphore inFlight = new Semaphore(200);
    for (String id : ids) {
      URI server = URI.create(ws.get((peers.size() + shift) % ws.size()));
      inFlight.acquire();
      Peer peer = new Peer(role.equals("agent"));
      peers.add(peer);
      String token = token(key, id, role, issuer, audience);
      client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(server, peer)
        .thenAccept(socket -> {
          peer.socket = socket;
          socket.sendText("{\"v\":1,\"type\":\"hello\",\"token\":\"" + token + "\"}", true);
        })
        .exceptionally(e -> {
          peer.welcomed.completeExceptionally(e);
          return null;
        });
      peer.welcomed.whenComplete((v, e) -> inFlight.release());
    }
    for (Peer peer : peers) {
      peer.welcomed.get(60, TimeUnit.SECONDS);
    }
    return peers;
  }

  /** One chat connection. Agents answer every customer message; customers time the answers. */
  static final class Peer implements WebSocket.Listener {
    final boolean agent;
    final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    final CompletableFuture<Void> assigned = new CompletableFuture<>();
    final CompletableFuture<Void> ackedOpen = new CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;
    volatile String conversation;
    final AtomicInteger counter = new AtomicInteger();

    Peer(boolean agent) {
      this.agent = agent;
    }

    CompletableFuture<Void> open() {
      send("{\"v\":1,\"type\":\"open\",\"id\":\"open\",\"subject\":\"bench\"}");
      return ackedOpen;
    }

    void say() {
      if (conversation != null) {
        sent.incrementAndGet();
        send("{\"v\":1,\"type\":\"message\",\"id\":\"m" + counter.incrementAndGet() + "\",\"conversation_id\":\"" + conversation
          + "\",\"text\":\"c|" + System.nanoTime() + "\"}");
      }
    }

    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /** One send at a time per socket (the JDK client's rule), without blocking the caller. */
    synchronized void send(String text) {
      sending = sending.thenCompose(v -> socket.sendText(text, true)).exceptionally(e -> null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        handle(frame);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closes.incrementAndGet();
      welcomed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
      return null;
    }

    private void handle(String frame) {
      Matcher type = FIELD.matcher(frame);
      String kind = type.find() && type.group(1).equals("type") ? type.group(2) : "";
      switch (kind) {
        case "welcome" -> welcomed.complete(null);
        case "ack" -> {
          if (frame.contains("\"id\":\"open\"")) {
            Matcher c = CONVERSATION.matcher(frame);
            if (c.find()) {
              conversation = c.group(1);
            }
            if (frame.contains("\"status\":\"open\"")) {
              assigned.complete(null);
            }
            ackedOpen.complete(null);
          }
        }
        case "assigned" -> {
          Matcher c = CONVERSATION.matcher(frame);
          if (c.find()) {
            conversation = c.group(1);
          }
          assigned.complete(null);
        }
        case "message" -> message(frame);
        case "error" -> {
          errors.incrementAndGet();
          Matcher code = Pattern.compile("\"code\":\"([^\"]*)\"").matcher(frame);
          errorCodes.computeIfAbsent(code.find() ? code.group(1) : "?", k -> new AtomicInteger()).incrementAndGet();
        }
        default -> {
        }
      }
    }

    private void message(String frame) {
      Matcher text = TEXT.matcher(frame);
      Matcher role = ROLE.matcher(frame);
      if (!text.find() || !role.find()) {
        return;
      }
      String body = text.group(1);
      long now = System.nanoTime();
      if (agent && "customer".equals(role.group(1)) && body.startsWith("c|")) {
        record(c2a, c2aCount, now - Long.parseLong(body.substring(2)));
        String conversationId = frame.replaceAll(".*\"conversation_id\":\"([^\"]+)\".*", "$1");
        send("{\"v\":1,\"type\":\"message\",\"id\":\"r" + counter.incrementAndGet() + "\",\"conversation_id\":\""
          + conversationId + "\",\"text\":\"a|" + System.nanoTime() + "\"}");
      } else if (!agent && "agent".equals(role.group(1)) && body.startsWith("a|")) {
        record(a2c, a2cCount, now - Long.parseLong(body.substring(2)));
      }
    }
  }

  static void record(long[] samples, AtomicInteger count, long nanos) {
    if (measuring) {
      int i = count.getAndIncrement();
      if (i < samples.length) {
        samples[i] = nanos;
      }
    }
  }

  /** [heap used after a full GC, RSS] of the server process, in bytes. */
  static long[] memory(String management, long pid) throws Exception {
    new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    Thread.sleep(1000);
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    long heap = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
        heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new long[] {heap, rss};
  }

  static PrivateKey privateKey(Path pem) throws Exception {
    String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  /** An ES256 access token as the server issues them (iss, aud, sub, iat, exp, jti, roles). */
  static String token(PrivateKey key, String subject, String role, String issuer, String audience) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = System.currentTimeMillis() / 1000;
    String header = b64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + subject
      + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"jti\":\"" + UUID.randomUUID() + "\",\"roles\":[\"" + role + "\"]}")
      .getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(key);
    signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64.encodeToString(signer.sign());
  }
}
