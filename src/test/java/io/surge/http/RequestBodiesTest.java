package io.surge.http;

import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RequestBodies on a bare router, with the same asynchronous gaps the API's routes have. */
@ExtendWith(VertxExtension.class)
class RequestBodiesTest {

  private WebClient client;

  @BeforeEach
  void server(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestBodies(1024, 4096, RequestBodies.defaultUploadsDirectory()));
    // what vertx-web's AuthenticationHandler does around an asynchronous token check
    router.route().handler(ctx -> {
      ctx.request().pause();
      vertx.setTimer(50, t -> {
        ctx.request().resume();
        ctx.next();
      });
    });
    // the OpenAPI validation, which runs on a worker thread
    router.route().handler(ctx -> vertx.setTimer(50, t -> ctx.next()));
    router.post("/stream").handler(ctx -> {
      UnreadBody body = UnreadBody.of(ctx);
      Buffer received = Buffer.buffer();
      body.handler(received::appendBuffer).endHandler(v -> ctx.response().end(received)).resume();
    });
    router.post("/json").handler(ctx -> ctx.response().end(Integer.toString(ctx.body().length())));
    HttpServer server = Wait.forResult(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
      .setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @Test
  @DisplayName("an NDJSON body is left unread and reaches the streaming handler whole, across async gaps and a resume")
  void ndjsonIsStreamedWhole() {
    Buffer lines = Buffer.buffer();
    for (int i = 0; i < 20_000; i++) {
      lines.appendString("{\"sku\":\"SKU-" + i + "\",\"on_hand\":" + i + "}\n");
    }
    HttpResponse<Buffer> reply = Wait.forResult(client.request(HttpMethod.POST, "/stream")
      .putHeader("Content-Type", "application/x-ndjson").sendBuffer(lines));

    assertEquals(200, reply.statusCode());
    assertEquals(lines.length(), reply.body().length(), "bytes streamed past the 1 KiB JSON limit, none lost");
    assertEquals(lines, reply.body());
  }

  @Test
  @DisplayName("a JSON body is read up to the JSON limit; past it, 413")
  void jsonKeepsItsLimit() {
    HttpResponse<Buffer> small = Wait.forResult(client.request(HttpMethod.POST, "/json")
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"a\":1}")));
    assertEquals("7", small.bodyAsString());
    HttpResponse<Buffer> big = Wait.forResult(client.request(HttpMethod.POST, "/json")
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new byte[2048])));
    assertEquals(413, big.statusCode());
  }
}
