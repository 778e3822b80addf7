package io.surge.orders;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class OrderOutboxTest {

  @Test
  @DisplayName("with Kafka stopped checkouts still succeed; when it returns every event arrives exactly once, in order per order")
  void kafkaOutage(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String sku = shop.sku("OUTAGE-1", 500, 100);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(api.customerToken());
    }

    TestServer.stopKafka();
    Set<String> orders = new HashSet<>();
    try {
      for (int i = 0; i < tokens.size(); i++) {
        shop.addToCart(tokens.get(i), sku, 1);
        Reply placed = shop.checkout(tokens.get(i), "outage-" + i);
        assertEquals(201, placed.status(), placed::toString);
        String id = placed.json().getString("id");
        orders.add(id);
        assertEquals(200, api.post("/api/v1/admin/orders/" + id + "/mark-paid", shop.admin(), null).status());
      }
      assertEquals(6, TestServer.count("SELECT count(*) FROM outbox WHERE published_at IS NULL"),
        "events wait in the outbox");
      Reply ready = api.get("/health/ready", null);
      assertEquals(200, ready.status(), "still ready: checkouts work while the outbox waits for Kafka " + ready);
      assertEquals("DEGRADED", ready.json().getString("status"));
      assertEquals("DOWN", ready.json().getJsonObject("components").getJsonObject("kafka").getString("status"));
    } finally {
      TestServer.startKafka();
    }

    List<JsonObject> events = OrderEvents.read(orders, 6, Duration.ofSeconds(30));
    assertEquals(6, events.size(), events::toString);
    assertEquals(6, events.stream().map(e -> e.getString("id")).distinct().count(), "exactly once per event id");
    Map<String, List<String>> perOrder = events.stream().collect(Collectors.groupingBy(e -> e.getString("aggregate_id"),
      Collectors.mapping(e -> e.getString("type"), Collectors.toList())));
    perOrder.values().forEach(types -> assertEquals(List.of("order.created", "order.paid"), types));
    assertTrue(events.stream().allMatch(e -> e.getString("_key").equals(e.getString("aggregate_id"))));
    assertEquals(0, TestServer.count("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
  }
}
