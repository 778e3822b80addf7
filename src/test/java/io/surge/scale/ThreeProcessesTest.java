package io.surge.scale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.RoundRobinProxy;
import io.surge.support.ServerProcess;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.surge.support.chat.ChatFixtures;
import io.surge.support.chat.ChatFixtures.Person;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Surge processes (separate JVMs, the production entry point) on one PostgreSQL, Redis and Kafka, behind a
 * round-robin proxy: what one instance promises still holds when work is spread over several, and while they are
 * restarted one at a time. The processes are shared by the tests; the rolling restart runs last.
 */
@ExtendWith(SurgeServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeProcessesTest {

  private static Vertx vertx;
  private static List<ServerProcess> servers;
  private static RoundRobinProxy proxy;

  @BeforeAll
  static void startProcesses() {
    vertx = Vertx.vertx();
    // a stopping process keeps taking requests for 3 s (1 s by default): room for a loaded machine in the last test
    servers = ServerProcess.startAll(3, "256m", config -> config.getJsonObject("http").put("drainDelayMillis", 3000));
    proxy = RoundRobinProxy.start(vertx, servers.stream().map(ServerProcess::port).toList());
  }

  @AfterAll
  static void stopProcesses() {
    if (proxy != null) {
      proxy.close();
    }
    if (servers != null) {
      servers.forEach(ServerProcess::close);
    }
    Wait.forResult(vertx.close());
  }

  private static Api through(int port) {
    return new Api(vertx, port, 64);
  }

  @Test
  @Order(1)
  @DisplayName("a stampede spread over three processes sells exactly the quantity, and every 202 is an order")
  void stampede() {
    SaleCrowd crowd = new SaleCrowd(through(proxy.port()), vertx);
    String saleId = crowd.liveSale("MP-STAMPEDE", 100);
    List<String> buyers = crowd.buyers(600);
    List<Future<Reply>> replies = new java.util.ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      replies.add(crowd.buyUntilAnswered(buyers.get(i), saleId, "key-" + i));
    }
    Wait.forResult(Future.all(replies));
    Set<String> accepted = replies.stream().map(Future::result).filter(r -> r.status() == 202)
      .map(r -> r.json().getString("purchase_id")).collect(Collectors.toSet());
    String seen = "statuses seen: " + crowd.statuses();
    assertEquals(100, accepted.size(), seen);
    assertEquals(accepted, SaleCrowd.orderedPurchases(saleId), "every 202 is an order, and every order was a 202");
    assertTrue(replies.stream().allMatch(r -> r.result().status() == 202 || r.result().status() == 410), seen);
  }

  @Test
  @Order(2)
  @DisplayName("a customer on one process and an agent on another chat both ways, each message arriving once")
  void chatAcrossProcesses() {
    Person customer = ChatFixtures.customers(vertx, 1).get(0);
    Person agent = ChatFixtures.agent(vertx, "Ada");
    try (ResumingChat desk = ResumingChat.connect(vertx, servers.get(1).port(), agent.token());
      ResumingChat shopper = ResumingChat.connect(vertx, servers.get(0).port(), customer.token())) {
      String conversation = shopper.open("Is the kettle back in stock?");
      Wait.until("the agent on another process is assigned", Duration.ofSeconds(10),
        () -> desk.event("assigned", null), assigned -> assigned != null);
      for (int i = 0; i < 5; i++) {
        shopper.say(conversation, "c-" + i, "question " + i);
        desk.say(conversation, "a-" + i, "answer " + i);
      }
      ChatChecks.deliveredOnce(conversation, List.of(shopper, desk), 11);
    }
  }

  @Test
  @Order(3)
  @DisplayName("a buyer's order-event stream on one process hears of an order written through another")
  void orderEventsAcrossProcesses() {
    SaleCrowd direct = new SaleCrowd(through(servers.get(1).port()), vertx);
    String saleId = direct.liveSale("MP-PUSH", 5);
    String buyer = direct.buyers(1).get(0);
    HttpClient http = vertx.createHttpClient();
    try {
      EventStream stream = EventStream.open(http, servers.get(0).port(), buyer);
      Wait.until("stream ready", Duration.ofSeconds(10), stream::text, text -> text.contains(": ready"));
      Reply bought = Wait.forResult(direct.buy(buyer, saleId, "push-1"));
      assertEquals(202, bought.status(), bought::toString);
      String orderId = bought.json().getString("order_id");
      Wait.until("the other process's stream carries the order", Duration.ofSeconds(15), stream::text,
        text -> text.contains("\"aggregate_id\":\"" + orderId + "\""));
    } finally {
      Wait.forResult(http.close());
    }
  }

  @Test
  @Order(4)
  @DisplayName("a price changed through process 1 is served by processes 2 and 3 (asked directly) within 2 s")
  void cacheInvalidationReachesAll() {
    Api first = through(servers.get(0).port());
    ShopFixture shop = new ShopFixture(first, vertx);
    JsonObject product = shop.product("MP-KETTLE", 4000, 5);
    String path = "/api/v1/products/" + product.getString("id");
    List<Api> others = List.of(through(servers.get(1).port()), through(servers.get(2).port()));
    others.forEach(api -> assertEquals(4000, price(api, path), "cached at the old price first"));

    Reply changed = first.call(HttpMethod.PUT, "/api/v1/admin/skus/" + ShopFixture.firstSkuId(product) + "/price")
      .bearer(shop.admin()).send(new JsonObject().put("amount", 3200));
    assertEquals(200, changed.status(), changed::toString);
    for (Api other : others) {
      Wait.until("the new price on another process", Duration.ofSeconds(2), Duration.ofMillis(20),
        () -> price(other, path), price -> price == 3200);
    }
  }

  private static long price(Api api, String path) {
    return api.get(path, null).json().getJsonArray("skus").getJsonObject(0).getJsonObject("price").getLong("amount");
  }

  @Test
  @Order(5)
  @DisplayName("a rolling restart of all three during a stampede and a chat: no accepted purchase lost, exactly the "
    + "quantity sold, no 5xx but 503, no chat message lost or doubled")
  void rollingRestart() {
    RollingRestart.Outcome outcome = new RollingRestart(vertx, servers, proxy).run();
    Map<Integer, Integer> statuses = outcome.statuses();
    // 503s only, each checked against the OpenAPI document like every response here (SurgeServerExtension)
    assertTrue(statuses.keySet().stream().allMatch(s -> s < 500 || s == 503), "statuses seen: " + statuses);
    // drained, not cut: every request a stopping server had received was answered
    assertEquals(Map.of(), outcome.dropped(), "requests dropped instead of answered");
    // drained, not cut: no chat frame failed on a stopping server, and the chat clients were told to reconnect
    assertTrue(outcome.chatRetries().getOrDefault("internal", 0) == 0, "chat frames retried: " + outcome.chatRetries());
    assertTrue(outcome.chatCloseCodes().contains((short) 1012), "close codes: " + outcome.chatCloseCodes());
  }

  @Test
  @Order(6)
  @DisplayName("a stopping process still answers requests routed to it before the balancer took it out, each with "
    + "Connection: close, and only then stops accepting")
  void stoppingProcessAnswersWhatWasRoutedToIt() {
    ServerProcess leaving = servers.get(2);
    Api direct = through(leaving.port());
    assertEquals(200, direct.get("/health/ready", null).status());
    leaving.signalStop();
    Reply notReady = Wait.until("readiness says draining", Duration.ofSeconds(10), Duration.ofMillis(20),
      () -> direct.get("/health/ready", null), reply -> reply.status() == 503);
    assertEquals("close", notReady.header("Connection"), notReady::toString);
    Reply products = direct.get("/api/v1/products?limit=1", null);
    assertEquals(200, products.status(), "a request that arrives while draining is answered: " + products);
    assertEquals("close", products.header("Connection"), products::toString);
    leaving.stop();
  }
}
