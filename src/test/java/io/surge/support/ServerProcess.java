package io.surge.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A second Surge server as a real operating-system process (the production entry point, {@code io.surge.Main}),
 * against the test server's PostgreSQL, Redis and Kafka: for tests that kill a server with SIGKILL, where no
 * shutdown hook, no flush and no goodbye happen, and for several processes behind one address
 * ({@link #startAll}, {@link RoundRobinProxy}) stopped gracefully (SIGTERM) one at a time.
 */
public final class ServerProcess implements AutoCloseable {

  private final int port;
  private final String heap;
  private final int eventLoops;
  private final Path log;
  private final Consumer<JsonObject> configure;
  private Process process;

  private ServerProcess(int port, String heap, int eventLoops, Consumer<JsonObject> configure) {
    this.port = port;
    this.heap = heap;
    this.eventLoops = eventLoops;
    this.configure = configure;
    this.log = Path.of("target", "server-process-" + port + ".log");
  }

  /** Starts a server process on a free port and waits until it is ready. */
  public static ServerProcess start() {
    ServerProcess server = new ServerProcess(freePort(), "512m", 2, config -> {
    });
    server.launch();
    return server;
  }

  /**
   * {@code count} small server processes (one HTTP event loop, {@code heap} each), launched together and awaited
   * together: on a small machine their start-ups overlap instead of adding up.
   */
  public static List<ServerProcess> startAll(int count, String heap) {
    return startAll(count, heap, config -> {
    });
  }

  /** The same, each with the test server's configuration changed by {@code configure} (e.g. another Redis). */
  public static List<ServerProcess> startAll(int count, String heap, Consumer<JsonObject> configure) {
    List<ServerProcess> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ServerProcess server = new ServerProcess(freePort(), heap, 1, configure);
      server.spawn();
      servers.add(server);
    }
    servers.forEach(ServerProcess::awaitReady);
    return servers;
  }

  public int port() {
    return port;
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A fresh process on the same port (the killed one's clients find it where they left it). */
  public void restart() {
    launch();
  }

  /** SIGTERM, as Kubernetes stops a pod: the shutdown hook runs; waits until the process has exited. */
  public void stop() {
    signalStop();
    try {
      // a drain takes up to http.drainSeconds, and a loaded machine stretches every step of a shutdown
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server process on port " + port + " did not stop within 120 s; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM without waiting: the process drains while the test watches. */
  public void signalStop() {
    process.destroy();
  }

  private void launch() {
    spawn();
    awaitReady();
  }

  private void spawn() {
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("http").put("port", port).put("instances", eventLoops);
    configure.accept(config);
    try {
      Path overlay = Path.of("target", "server-process-" + port + ".json");
      Files.writeString(overlay, config.encodePrettily());
      String java = ProcessHandle.current().info().command().orElse("java");
      process = new ProcessBuilder(
        List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), "io.surge.Main",
          overlay.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    // a JVM start with migrations and every verticle takes minutes when the machine's cores are shared by many builds
    Wait.until("server process on port " + port + " ready (see " + log + ")", Duration.ofSeconds(300),
      Duration.ofMillis(200),
      this::ready, ready -> ready);
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("server process exited with " + process.exitValue() + "; see " + log);
    }
    try {
      HttpURLConnection ready = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready").toURL()
        .openConnection();
      ready.setConnectTimeout(500);
      ready.setReadTimeout(2000);
      return ready.getResponseCode() == 200;
    } catch (IOException notYet) {
      return false; // not listening yet
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
