package io.surge.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Redis 6.2 server (the binary shipped in codemonstur embedded-redis) for dev mode and tests, so rate
 * limits, stock counters and sessions run against real Redis without Docker.
 *
 * <p>Bound to 127.0.0.1 on a free port, working directory {@code dataDir} with {@code appendonly yes}, so dev data
 * survives a restart. Redis runs as a child process; if a JVM was killed with SIGKILL, the orphaned redis-server
 * recorded in {@code redis.pid} is stopped before a new one opens the same AOF (see {@link Orphans}). Its output
 * is drained to SLF4J (an undrained pipe would eventually block Redis). embedded-redis also registers a shutdown
 * hook; its stop is idempotent, so {@link #close()} and the hook stop Redis only once.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String HOST = "127.0.0.1";

  private final RedisServer server;
  private final int port;
  private final Path dir;

  private EmbeddedRedis(RedisServer server, int port, Path dir) {
    this.server = server;
    this.port = port;
    this.dir = dir;
  }

  /** Starts Redis on a free port, persisting to {@code dataDir} (created if missing). */
  public static EmbeddedRedis start(Path dataDir) throws IOException {
    return start(dataDir, freePort());
  }

  private static EmbeddedRedis start(Path dataDir, int port) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(dataDir);
    Path dir = dataDir.toAbsolutePath();
    Path pidFile = dir.resolve("redis.pid");
    stopOrphan(pidFile, dir);
    RedisServer server = RedisServer.newRedisServer()
      .bind(HOST)
      .port(port)
      .setting("dir " + quote(dir))
      .setting("pidfile " + quote(pidFile))
      .setting("appendonly yes")
      .setting("save \"\"") // the AOF is enough; no RDB snapshots on top
      .setting("protected-mode yes")
      .soutListener(line -> LOG.debug("redis: {}", line))
      .serrListener(line -> LOG.warn("redis: {}", line))
      .build();
    server.start();
    LOG.info("Redis ready at {}:{} in {} ms", HOST, port, (System.nanoTime() - t0) / 1_000_000);
    return new EmbeddedRedis(server, port, dir);
  }

  /**
   * A crash that loses everything (tests): redis-server is killed with SIGKILL, its append-only file
   * deleted, and a new, empty Redis started on the same port, so clients reconnect to the same address.
   */
  public EmbeddedRedis crashAndRestartEmpty() throws IOException {
    Path pidFile = dir.resolve("redis.pid");
    if (Files.exists(pidFile)) {
      Orphans.readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(redis -> {
        redis.destroyForcibly();
        redis.onExit().join(); // a test or dev thread, never an event loop
      });
    }
    server.stop();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("appendonly")).toList()) {
        deleteRecursively(file);
      }
    }
    LOG.info("Redis at {}:{} killed and its data deleted", HOST, port);
    return start(dir, port);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (var children = Files.list(path)) {
        for (Path child : children.toList()) {
          deleteRecursively(child);
        }
      }
    }
    Files.deleteIfExists(path);
  }

  /** Stops a redis-server left running on {@code dir} by an earlier, killed JVM before a new one opens the AOF. */
  private static void stopOrphan(Path pidFile, Path dir) throws IOException {
    if (!Files.exists(pidFile) || !Orphans.supported()) {
      return;
    }
    var orphan = Orphans.readPid(pidFile).flatMap(pid -> Orphans.runningIn(pid, dir));
    if (orphan.isPresent()) {
      Orphans.stop(orphan.get(), "redis-server", dir);
    }
    Files.deleteIfExists(pidFile);
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** Stops Redis with SIGTERM (it fsyncs the AOF) and waits for the process to exit. */
  @Override
  public void close() throws IOException {
    server.stop();
  }
}
