package io.surge.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer on loopback for several server processes: each request, event stream or WebSocket goes to the
 * next server in rotation. As a Kubernetes Service does with a terminating pod, a server taken out of rotation
 * ({@link #remove}) gets no new work while it finishes what it has. A server that refuses the connection is skipped
 * (the request never reached it); a server that drops a request it had received makes the proxy drop the client's
 * connection, so the client sees what it would see without a proxy and retries (with the same Idempotency-Key).
 */
public final class RoundRobinProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
    "proxy-connection", "te", "trailer", "host", "content-length");

  private final List<Integer> servers = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final HttpClient http;
  private final WebSocketClient webSockets;
  private final HttpServer server;

  private RoundRobinProxy(Vertx vertx, List<Integer> ports) {
    servers.addAll(ports);
    // never decompress: the server's compressed bodies pass through as they are
    http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(200));
    webSockets = vertx.createWebSocketClient();
    server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Listens on a free loopback port in front of the servers on these ports. */
  public static RoundRobinProxy start(Vertx vertx, List<Integer> ports) {
    RoundRobinProxy proxy = new RoundRobinProxy(vertx, ports);
    Wait.forResult(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Out of rotation: no new request or connection goes there. */
  public void remove(int port) {
    servers.remove(Integer.valueOf(port));
  }

  /** Back in rotation (once it is ready). */
  public void add(int port) {
    if (!servers.contains(port)) {
      servers.add(port);
    }
  }

  private int pick() {
    List<Integer> now = List.copyOf(servers);
    return now.get(Math.floorMod(next.getAndIncrement(), now.size()));
  }

  private void handle(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
      request.toWebSocket().onSuccess(this::relay).onFailure(e -> request.connection().close());
    } else {
      request.body().onSuccess(body -> forward(request, body, 3)).onFailure(e -> request.connection().close());
    }
  }

  private void forward(HttpServerRequest request, Buffer body, int attemptsLeft) {
    RequestOptions options = new RequestOptions().setMethod(request.method()).setPort(pick())
      .setURI(request.uri()).setHeaders(endToEnd(request.headers()));
    http.request(options)
      .onFailure(refused -> {
        if (attemptsLeft > 1) {
          forward(request, body, attemptsLeft - 1);
        } else {
          request.connection().close();
        }
      })
      .onSuccess(outgoing -> outgoing.send(body)
        .onSuccess(answer -> answer(request, answer))
        .onFailure(dropped -> request.connection().close()));
  }

  private static void answer(HttpServerRequest request, HttpClientResponse answer) {
    HttpServerResponse response = request.response().setStatusCode(answer.statusCode());
    response.headers().addAll(endToEnd(answer.headers()));
    String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else if (!HttpMethod.HEAD.equals(request.method()) && answer.statusCode() != 204 && answer.statusCode() != 304) {
      response.setChunked(true); // an event stream: passed on chunk by chunk
    }
    answer.pipeTo(response).onFailure(cut -> request.connection().close());
  }

  private void relay(ServerWebSocket client) {
    client.pause();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(pick())
      .setURI(client.uri());
    endToEnd(client.headers()).forEach(header -> {
      if (!header.getKey().toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket")) {
        options.addHeader(header.getKey(), header.getValue());
      }
    });
    Future<WebSocket> connected = webSockets.connect(options);
    connected.onFailure(e -> client.close((short) 1011, "no server"));
    connected.onSuccess(upstream -> {
      client.textMessageHandler(upstream::writeTextMessage);
      client.binaryMessageHandler(upstream::writeBinaryMessage);
      upstream.textMessageHandler(client::writeTextMessage);
      upstream.binaryMessageHandler(client::writeBinaryMessage);
      client.closeHandler(v -> close(upstream, client.closeStatusCode()));
      upstream.closeHandler(v -> close(client, upstream.closeStatusCode()));
      client.resume();
    });
  }

  /** Passes a close code on; 1005 and 1006 only say that none came, and may not be sent. */
  private static void close(io.vertx.core.http.WebSocketBase socket, Short code) {
    if (!socket.isClosed()) {
      socket.close(code == null || code == 1005 || code == 1006 ? (short) 1001 : code);
    }
  }

  private static MultiMap endToEnd(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(header -> {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
        copy.add(header.getKey(), header.getValue());
      }
    });
    return copy;
  }

  @Override
  public void close() {
    Wait.forResult(server.close());
    Wait.forResult(http.close());
    Wait.forResult(webSockets.close());
  }
}
