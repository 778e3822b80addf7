package io.surge.support;

import io.surge.SurgeServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.function.Consumer;

/**
 * A second Surge server in this JVM, with a Vert.x (and event bus) of its own, on the test server's PostgreSQL, Redis
 * and Kafka and a free port: what one instance does must reach the other through the shared services only.
 */
public final class SecondServer implements AutoCloseable {

  private final Vertx vertx;
  private final int port;

  private SecondServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /** Started and listening, with one HTTP event loop. */
  public static SecondServer start() {
    return start(config -> {
    });
  }

  /** The same, with the test server's configuration changed by {@code configure} first. */
  public static SecondServer start(Consumer<JsonObject> configure) {
    JsonObject config = TestServer.secondServerConfig();
    int port = freePort();
    config.getJsonObject("http").put("port", port).put("instances", 1);
    configure.accept(config);
    Vertx vertx = Vertx.vertx();
    try {
      Wait.forResult(SurgeServer.start(vertx, config));
    } catch (RuntimeException failed) {
      Wait.forResult(vertx.close());
      throw failed;
    }
    return new SecondServer(vertx, port);
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    Wait.forResult(vertx.close());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
