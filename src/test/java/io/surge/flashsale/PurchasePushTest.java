package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class PurchasePushTest {

  private Api api;
  private FlashSaleFixtures sales;
  private HttpClient http;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
    http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(20));
    this.vertx = vertx;
  }

  @AfterEach
  void tearDown() {
    Wait.forResult(http.close());
  }

  @Test
  @DisplayName("a buyer's open event stream hears of the order once it is written; another buyer's stream never does")
  void pushOnWrite() {
    String saleId = sales.liveSale("FS-PUSH", 10, 1).getString("id");
    String alice = api.customerToken();
    String bob = api.customerToken();
    Stream aliceStream = open(alice);
    Stream bobStream = open(bob);
    assertEquals(200, aliceStream.status);
    Wait.forResult(aliceStream.until(": ready"));
    Wait.forResult(bobStream.until(": ready"));

    Reply bought = Wait.forResult(sales.buy(alice, saleId, "push-1"));
    assertEquals(202, bought.status(), bought::toString);
    String orderId = bought.json().getString("order_id");
    Wait.forResult(aliceStream.until("\"aggregate_id\":\"" + orderId + "\""));
    assertTrue(aliceStream.text().contains("event: order.created\n"), aliceStream::text);

    // Events arrive in publishing order: once Bob hears of his own later order, Alice's would have come before it.
    Reply bobs = Wait.forResult(sales.buy(bob, saleId, "push-2"));
    Wait.forResult(bobStream.until("\"aggregate_id\":\"" + bobs.json().getString("order_id") + "\""));
    assertFalse(bobStream.text().contains(orderId), "one buyer never hears of another's order");
    assertFalse(aliceStream.text().contains(bobs.json().getString("order_id")));
  }

  @Test
  @DisplayName("the stream needs a token, and one user gets at most 5 open streams")
  void guarded() {
    assertEquals(401, open(null).status);
    String token = api.customerToken();
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      streams.add(open(token));
      assertEquals(200, streams.get(i).status);
    }
    assertEquals(429, open(token).status);
    streams.get(0).response.request().connection().close();
    Wait.forResult(streams.get(1).until(": ready"));
    assertEquals(200, awaitOpen(token).status, "a closed stream frees its place");
  }

  /** A closed stream is released asynchronously: retry briefly until the server has counted it. */
  private Stream awaitOpen(String token) {
    for (int attempt = 0;; attempt++) {
      Stream stream = open(token);
      if (stream.status != 429 || attempt == 50) {
        return stream;
      }
      Wait.forResult(vertx.timer(100));
    }
  }

  private Stream open(String token) {
    // The data handler must be attached as the response arrives, on its event loop: a chunk that came before it would
    // be lost. So the response callback is registered before the request is sent (this code may run on the test
    // thread, which could otherwise register it only after the first chunk had come and gone).
    return Wait.forResult(http.request(HttpMethod.GET, TestServer.get().httpPort(), "127.0.0.1",
      "/api/v1/me/order-events")
      .compose(request -> {
        if (token != null) {
          request.putHeader("Authorization", "Bearer " + token);
        }
        Future<Stream> stream = request.response().map(Stream::new);
        request.end();
        return stream;
      }));
  }

  /** The text of an event stream as it arrives, and futures that complete once it contains something. */
  private static final class Stream {
    final HttpClientResponse response;
    final int status;
    private final StringBuilder text = new StringBuilder();
    private final Map<String, Promise<Void>> waiting = new java.util.HashMap<>();

    Stream(HttpClientResponse response) {
      this.response = response;
      this.status = response.statusCode();
      response.handler(chunk -> {
        synchronized (this) {
          text.append(chunk.toString());
          waiting.entrySet().removeIf(w -> text.indexOf(w.getKey()) >= 0 && w.getValue().tryComplete());
        }
      });
    }

    synchronized String text() {
      return text.toString();
    }

    synchronized Future<Void> until(String fragment) {
      if (text.indexOf(fragment) >= 0) {
        return Future.succeededFuture();
      }
      return waiting.computeIfAbsent(fragment, f -> Promise.promise()).future();
    }
  }
}
