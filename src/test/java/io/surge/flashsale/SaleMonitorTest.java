package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ServerProcess;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's live monitor of a sale: a stampede spread over two server processes (this JVM's test server and a
 * second OS process), watched through the first one's stream. Units left fall to 0 and the totals, added up over
 * both processes, equal PostgreSQL's.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class SaleMonitorTest {

  private static final int UNITS = 60;

  private Api api;
  private FlashSaleFixtures sales;
  private HttpClient http;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
    http = vertx.createHttpClient();
  }

  @AfterEach
  void tearDown() {
    Wait.forResult(http.close());
  }

  @Test
  @DisplayName("customers get 403, an unknown or malformed sale id 404")
  void guarded() {
    String saleId = sales.liveSale("FS-MON-G", 5, 1).getString("id");
    assertEquals(401, open(saleId, null).statusCode());
    assertEquals(403, open(saleId, api.customerToken()).statusCode());
    assertEquals(404, open(UUID.randomUUID().toString(), sales.admin).statusCode());
    assertEquals(404, open("not-a-sale", sales.admin).statusCode(), "a malformed id names no sale");
  }

  @Test
  @DisplayName("during a stampede on two server processes the stream's units left fall to 0 and its totals equal "
    + "the database's")
  void stampedeOnTwoProcesses(Vertx vertx) {
    String saleId = sales.liveSale("FS-MON", UNITS, 1).getString("id");
    List<String> buyers = sales.buyers(UNITS * 4);
    try (ServerProcess second = ServerProcess.start()) {
      FlashSaleFixtures other = new FlashSaleFixtures(new Api(vertx, second.port()), vertx);
      Ticks ticks = new Ticks(open(saleId, sales.admin));
      assertEquals(200, ticks.response.statusCode());
      JsonObject first = Wait.forResult(ticks.next());
      assertEquals(UNITS, first.getInteger("units_left"));
      assertEquals(UNITS, first.getInteger("quantity"));
      assertEquals("live", first.getString("state"));

      // Waves of buyers, alternately on each process, slow enough for the monitor to see the units go.
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < buyers.size(); i++) {
        FlashSaleFixtures via = i % 2 == 0 ? sales : other;
        replies.add(via.buyWithRetries(buyers.get(i), saleId, "key-" + i, 10));
        if (i % 10 == 9 && i < UNITS * 2) {
          Wait.forResult(Future.join(new ArrayList<>(replies)).otherwiseEmpty());
          Wait.forResult(vertx.timer(150));
        }
        if (i == 19) {
          // A third of the units sold: the next waves wait for a tick that shows it (ticks come once a second, and
          // six quick waves could otherwise sell out between two of them).
          Wait.until("the monitor sees units go", Duration.ofSeconds(10), Duration.ofMillis(100), ticks::latest,
            tick -> tick != null && tick.getInteger("units_left") < UNITS);
        }
      }
      Wait.forResult(Future.join(replies));
      long accepted = replies.stream().filter(r -> r.result().status() == 202).count();
      assertEquals(UNITS, accepted);
      long ordered = TestServer.count("SELECT count(*) FROM flash_purchases WHERE sale_id = '" + saleId + "'");
      assertEquals(UNITS, ordered);

      JsonObject last = Wait.until("the monitor's totals reach the database's", Duration.ofSeconds(15),
        Duration.ofMillis(200), ticks::latest,
        tick -> tick != null && tick.getJsonObject("totals").getLong("accepted") == ordered
          && tick.getInteger("units_left") == 0
          && tick.getJsonObject("totals").getLong("decisions") >= buyers.size());
      assertEquals(0, last.getInteger("units_left"));
      assertEquals(UNITS, last.getInteger("sold"));
      assertEquals("sold_out", last.getString("state"));
      assertNotNull(last.getString("sold_out_at"));
      JsonObject answers = last.getJsonObject("totals").getJsonObject("answers");
      assertEquals(ordered, answers.getLong("accepted"));
      assertTrue(answers.getLong("sold_out") >= buyers.size() - UNITS, answers::encode);

      List<JsonObject> seen = ticks.all();
      List<Integer> left = seen.stream().map(t -> t.getInteger("units_left")).toList();
      for (int i = 1; i < left.size(); i++) {
        assertTrue(left.get(i) <= left.get(i - 1), () -> "units left never rise: " + left);
      }
      assertTrue(left.stream().anyMatch(n -> n > 0 && n < UNITS), () -> "the monitor saw units go: " + left);
      assertTrue(seen.stream().anyMatch(t -> t.getInteger("instances") == 2), "both processes published");
      assertTrue(seen.stream().anyMatch(t -> t.getJsonObject("per_second").getLong("accepted") > 0));
      assertTrue(seen.stream().anyMatch(t -> t.getJsonObject("latency_ms").getValue("p99") != null
        && t.getJsonObject("latency_ms").getLong("count") > 0), "latency percentiles over the last minute");

      // Both processes counted part of the sale: the totals are a sum, not one process's view.
      JsonObject hash = snapshots(saleId);
      assertEquals(2, hash.size(), hash::encode);
      hash.forEach(field -> assertTrue(new JsonObject((String) field.getValue()).getJsonObject("totals")
        .getLong("accepted") > 0, hash::encode));
      ticks.response.request().connection().close();
    }
  }

  private static JsonObject snapshots(String saleId) {
    JsonObject fields = new JsonObject();
    var hash = Wait.forResult(TestServer.redis().hgetall("surge:fs:{" + saleId + "}:live"));
    if (hash.isMap()) {
      hash.getKeys().forEach(key -> fields.put(key, hash.get(key).toString()));
    } else {
      for (int i = 0; i + 1 < hash.size(); i += 2) {
        fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
      }
    }
    return fields;
  }

  private HttpClientResponse open(String saleId, String token) {
    // The response callback is registered before the request is sent, so no chunk can come before its handler.
    return Wait.forResult(http.request(HttpMethod.GET, TestServer.get().httpPort(), "127.0.0.1",
      "/api/v1/admin/flash-sales/" + saleId + "/live")
      .compose(request -> {
        if (token != null) {
          request.putHeader("Authorization", "Bearer " + token);
        }
        // paused on its event loop as it arrives: the ticks wait in the buffer until a handler is attached
        Future<HttpClientResponse> response = request.response().map(r -> r.pause());
        request.end();
        return response;
      }));
  }

  /** The ticks of an open stream as they arrive. */
  private static final class Ticks {
    final HttpClientResponse response;
    private final StringBuilder text = new StringBuilder();
    private final List<JsonObject> ticks = new ArrayList<>();
    private io.vertx.core.Promise<JsonObject> waiting;

    Ticks(HttpClientResponse response) {
      this.response = response;
      response.handler(chunk -> {
        synchronized (this) {
          text.append(chunk.toString());
          int end;
          while ((end = text.indexOf("\n\n")) >= 0) {
            String event = text.substring(0, end);
            text.delete(0, end + 2);
            int data = event.indexOf("data: ");
            if (event.startsWith("event: tick") && data >= 0) {
              JsonObject tick = new JsonObject(event.substring(data + 6));
              ticks.add(tick);
              if (waiting != null) {
                waiting.tryComplete(tick);
                waiting = null;
              }
            }
          }
        }
      });
      response.resume();
    }

    synchronized Future<JsonObject> next() {
      if (!ticks.isEmpty()) {
        return Future.succeededFuture(ticks.get(0));
      }
      waiting = io.vertx.core.Promise.promise();
      return waiting.future();
    }

    synchronized JsonObject latest() {
      return ticks.isEmpty() ? null : ticks.get(ticks.size() - 1);
    }

    synchronized List<JsonObject> all() {
      return new ArrayList<>(ticks);
    }
  }
}
