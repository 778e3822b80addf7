package io.surge.recommendations;

import io.surge.recommendations.RecommendationFixtures.Product;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.PrometheusText;
import io.surge.support.SecondServer;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.surge.recommendations.RecommendationFixtures.EVENTS;
import static io.surge.recommendations.RecommendationFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each process keeps a customer's list once made; what must change it reaches every process. The waits are far
 * shorter than {@code answerCacheSeconds} (60 s): a list that changes within them was dropped, not expired.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class CustomerAnswersTest {

  @Test
  @DisplayName("a customer's list is kept per instance; their order on another instance and a training change it on all")
  void keptUntilTheirOrderOrATraining(Vertx vertx) throws Exception {
    Api api = new Api(vertx);
    RecommendationFixtures recs = new RecommendationFixtures(api, vertx);
    Product a = recs.product("KA");
    Product b = recs.product("KB");
    for (String token : recs.customers(4)) {
      recs.buy(token, a, b);
    }
    String shopper = recs.customers(1).get(0);
    recs.buy(shopper, a);
    recs.train();

    try (SecondServer second = SecondServer.start()) {
      int port = second.port();
      Api otherApi = new Api(vertx, port);
      RecommendationFixtures other = new RecommendationFixtures(otherApi, vertx);

      JsonObject first = mine(api, shopper);
      assertTrue(ids(first.getJsonArray("items")).contains(b.id()), first::toString);
      double hits = hits();
      assertEquals(first, mine(api, shopper));
      assertTrue(hits() > hits, "the second answer came from the kept list");
      assertTrue(ids(mine(otherApi, shopper).getJsonArray("items")).contains(b.id()), "kept on the second too");

      // ordered (not paid) through the second instance: there at once, on the first once the event is back from Kafka
      other.order(shopper, b);
      JsonObject there = mine(otherApi, shopper);
      assertFalse(ids(there.getJsonArray("items")).contains(b.id()), there::toString);
      Wait.until("the first instance to drop the customer's list", EVENTS, () -> mine(api, shopper),
        body -> !ids(body.getJsonArray("items")).contains(b.id()));

      // a training on the first instance: the second's kept list follows the new model
      String before = mine(otherApi, shopper).getString("trained_at");
      assertEquals(before, mine(otherApi, shopper).getString("trained_at"));
      String trainedAt = recs.train().getString("trained_at");
      assertNotEquals(before, trainedAt);
      Wait.until("the second instance to serve the new model", EVENTS, () -> mine(otherApi, shopper),
        body -> trainedAt.equals(body.getString("trained_at")));
      // the admin's view of the customer is theirs, kept and dropped with it
      JsonObject seen = api.get("/api/v1/admin/users/" + recs.userId(shopper) + "/recommendations",
        recs.admin()).json();
      assertEquals(trainedAt, seen.getString("trained_at"));
      assertFalse(ids(seen.getJsonArray("items")).contains(b.id()), seen::toString);
    }
  }

  private static JsonObject mine(Api api, String token) {
    Reply reply = api.get("/api/v1/me/recommendations", token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /** Kept lists served, in this JVM (both instances count into one registry). */
  private static double hits() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create(TestServer.managementUrl() + "/metrics")).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return PrometheusText.parse(response.body()).sum("cache_gets_total",
      Map.of("cache", "recommendations", "result", "hit"));
  }
}
