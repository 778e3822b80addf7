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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second Surge server as a real operating-system process (the production entry point, {@code io.surge.Main}),
 * against the test server's PostgreSQL, Redis and Kafka: for tests that kill a server with SIGKILL, where no
 * shutdown hook, no flush and no goodbye happen.
 */
public final class ServerProcess implements AutoCloseable {

  private final int port;
  private final Path log;
  private Process process;

  private ServerProcess(int port) {
    this.port = port;
    this.log = Path.of("target", "server-process-" + port + ".log");
  }

  /** Starts a server process on a free port and waits until it is ready. */
  public static ServerProcess start() {
    ServerProcess server = new ServerProcess(freePort());
    server.launch();
    return server;
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

  private void launch() {
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("http").put("port", port).put("instances", 2);
    try {
      Path overlay = Path.of("target", "server-process-" + port + ".json");
      Files.writeString(overlay, config.encodePrettily());
      String java = ProcessHandle.current().info().command().orElse("java");
      process = new ProcessBuilder(
        List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.surge.Main",
          overlay.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  private void awaitReady() {
    Wait.until("server process on port " + port + " ready (see " + log + ")", Duration.ofSeconds(90),
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
