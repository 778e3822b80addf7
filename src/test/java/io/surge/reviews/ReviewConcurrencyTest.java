package io.surge.reviews;

import io.surge.reviews.ReviewFixtures.Product;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.surge.reviews.ReviewFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ReviewConcurrencyTest {

  private Api api;
  private ReviewFixtures shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ReviewFixtures(api, vertx);
  }

  @Test
  @DisplayName("reviews written at the same moment (and a buyer's double submit) leave an exact summary: none lost, one review per buyer")
  void simultaneousReviews() {
    Product chair = shop.product("CHAIR-5");
    List<String> buyers = shop.customers(10);
    buyers.forEach(buyer -> shop.received(buyer, chair));
    assertEquals(summary(0, 0, 0, 0, 0, 0, 0), shop.pageRating(chair));

    List<Future<Reply>> writes = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      int rating = 1 + i % 5;
      JsonObject body = new JsonObject().put("rating", rating).put("title", "Chair " + i).put("body", "Sat on it.");
      writes.add(api.call(HttpMethod.POST, "/api/v1/products/" + chair.id() + "/reviews").bearer(buyers.get(i))
        .sendAsync(body.toBuffer(), "application/json"));
      if (i == 0) {
        writes.add(api.call(HttpMethod.POST, "/api/v1/products/" + chair.id() + "/reviews").bearer(buyers.get(i))
          .sendAsync(body.toBuffer(), "application/json"));
      }
    }
    Wait.forResult(Future.all(writes));
    for (Future<Reply> write : writes) {
      int status = write.result().status();
      assertEquals(true, status == 200 || status == 201, write.result()::toString);
    }

    assertEquals(10, TestServer.count("SELECT count(*) FROM reviews"));
    JsonObject expected = summary(3.0, 10, 2, 2, 2, 2, 2);
    assertEquals(expected, shop.pageRating(chair));
    assertEquals(expected, shop.reviews(chair, null).getJsonObject("summary"));
  }
}
