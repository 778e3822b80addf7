package io.surge.reviews;

import io.surge.reviews.ReviewFixtures.Product;
import io.surge.support.Agents;
import io.surge.support.Agents.Agent;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.surge.reviews.ReviewFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ReviewRulesTest {

  private Api api;
  private ReviewFixtures shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ReviewFixtures(api, vertx);
  }

  @Test
  @DisplayName("only a buyer whose order was delivered may review (403 before); a second review updates the first; the product page shows the summary at once")
  void verifiedBuyerAndOneReviewEach() {
    Product lamp = shop.product("LAMP-7");
    Product other = shop.product("DESK-1");
    List<String> customers = shop.customers(2);
    String buyer = customers.get(0);
    String stranger = customers.get(1);
    assertEquals(summary(0, 0, 0, 0, 0, 0, 0), shop.pageRating(lamp), "the page is now cached with no reviews");

    Reply unverified = shop.review(stranger, lamp, 5, "Great", "Never bought it though");
    assertEquals(403, unverified.status(), unverified::toString);
    assertEquals("not_verified_buyer", unverified.code());
    assertEquals("application/problem+json", unverified.header("Content-Type"));

    String orderId = shop.order(buyer, lamp);
    shop.move(orderId, "mark-paid", null);
    assertEquals(403, shop.review(buyer, lamp, 5, "Great", "Paid, not received yet").status(), "paid is not enough");
    shop.move(orderId, "ship", new JsonObject().put("carrier", "DHL").put("tracking_number", "T1"));
    shop.move(orderId, "deliver", null);
    assertEquals(403, shop.review(buyer, other, 5, "Great", "A product not in the order").status());

    Reply first = shop.review(buyer, lamp, 4, "Bright and sturdy", "Lights the whole desk.");
    assertEquals(201, first.status(), first::toString);
    assertEquals("published", first.json().getString("status"));
    assertTrue(first.json().getBoolean("verified_purchase"));
    assertEquals("Shopper 0", first.json().getString("author"));
    assertEquals(summary(4.0, 1, 0, 0, 0, 1, 0), shop.pageRating(lamp), "the cached page was invalidated");
    assertEquals("Bright and sturdy",
      shop.reviews(lamp, null).getJsonArray("items").getJsonObject(0).getString("title"));

    Reply second = shop.review(buyer, lamp, 2, "Flickers after a week", "Disappointed.");
    assertEquals(200, second.status(), second::toString);
    assertEquals(first.json().getString("id"), second.json().getString("id"), "the second review updates the first");
    assertEquals(2, second.json().getInteger("version"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM reviews"));
    assertEquals(summary(2.0, 1, 0, 1, 0, 0, 0), shop.pageRating(lamp));

    JsonObject list = shop.reviews(lamp, null);
    assertEquals(1, list.getJsonArray("items").size());
    JsonObject shown = list.getJsonArray("items").getJsonObject(0);
    assertEquals("Flickers after a week", shown.getString("title"));
    assertEquals(2, shown.getInteger("rating"));
    assertEquals(null, shown.getString("user_id"), "the public view names no user id");
    assertEquals(summary(2.0, 1, 0, 1, 0, 0, 0), list.getJsonObject("summary"));
    assertEquals("Flickers after a week",
      api.get("/api/v1/products/" + lamp.id() + "/reviews/mine", buyer).json().getString("title"));
    assertEquals(404, api.get("/api/v1/products/" + lamp.id() + "/reviews/mine", stranger).status());

    String reviewId = first.json().getString("id");
    List<String> events = TopicReader.readAll("surge.reviews", 2, Duration.ofSeconds(20)).stream()
      .filter(r -> reviewId.equals(r.key())).map(ConsumerRecord::value).map(JsonObject::new)
      .map(e -> e.getString("type") + "@" + e.getInteger("version")).toList();
    assertEquals(List.of("review.published@1", "review.published@2"), events);
  }

  @Test
  @DisplayName("reviews with a link or a blocked word wait in the moderation queue, unseen and uncounted, until an agent approves; rejecting unpublishes")
  void moderationQueue() {
    Product kettle = shop.product("KETTLE-2");
    List<String> buyers = shop.customers(4);
    buyers.forEach(buyer -> shop.received(buyer, kettle));
    Agent agent = Agents.create(api, shop.admin());

    Reply linked = shop.review(buyers.get(0), kettle, 5, "Love it", "Cheaper at https://elsewhere.example/kettle");
    Reply www = shop.review(buyers.get(1), kettle, 1, "Awful", "Read my blog at www.kettle-rants.example");
    Reply blocked = shop.review(buyers.get(2), kettle, 1, "Total SCAM", "Broke on day one.");
    Reply clean = shop.review(buyers.get(3), kettle, 4, "Quick to boil", "Quiet, too. Scampi lovers' choice.");
    assertEquals(List.of("pending", "pending", "pending", "published"),
      List.of(linked, www, blocked, clean).stream().map(r -> r.json().getString("status")).toList());
    assertEquals(List.of(clean.json().getString("id")), ids(shop.reviews(kettle, null).getJsonArray("items")),
      "held reviews are not public");
    assertEquals(summary(4.0, 1, 0, 0, 0, 1, 0), shop.pageRating(kettle));

    assertEquals(403, api.get("/api/v1/moderation/reviews", buyers.get(0)).status(), "customers do not moderate");
    assertEquals(403, api
      .post("/api/v1/moderation/reviews/" + linked.json().getString("id") + "/approve", buyers.get(0), null).status());
    JsonArray queue = api.get("/api/v1/moderation/reviews", agent.token()).json().getJsonArray("items");
    assertEquals(List.of(linked.json().getString("id"), www.json().getString("id"), blocked.json().getString("id")),
      ids(queue),
      "oldest first");
    assertEquals("contains a link", queue.getJsonObject(0).getString("moderation_reason"));
    assertEquals("contains a link", queue.getJsonObject(1).getString("moderation_reason"));
    assertEquals("contains a blocked word: SCAM", queue.getJsonObject(2).getString("moderation_reason"));

    Reply approved = api.post("/api/v1/moderation/reviews/" + linked.json().getString("id") + "/approve", agent.token(),
      new JsonObject().put("note", "the link is a price comparison"));
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("published", approved.json().getString("status"));
    assertEquals(summary(4.5, 2, 0, 0, 0, 1, 1), shop.pageRating(kettle));
    assertEquals(List.of(clean.json().getString("id"), linked.json().getString("id")),
      ids(shop.reviews(kettle, null).getJsonArray("items")),
      "newest first; the approved review shows at once (the page was cached)");
    Reply rejected = api.post("/api/v1/moderation/reviews/" + blocked.json().getString("id") + "/reject", shop.admin(),
      null);
    assertEquals("rejected", rejected.json().getString("status"), "admins moderate too");
    Reply unpublished = api.post("/api/v1/moderation/reviews/" + clean.json().getString("id") + "/reject",
      agent.token(), null);
    assertEquals("rejected", unpublished.json().getString("status"));
    assertEquals(summary(5.0, 1, 0, 0, 0, 0, 1), shop.pageRating(kettle), "unpublishing takes the rating out");
    assertEquals(List.of(linked.json().getString("id")), ids(shop.reviews(kettle, null).getJsonArray("items")));
    assertEquals(List.of(www.json().getString("id")), ids(api.get("/api/v1/moderation/reviews", agent.token()).json()
      .getJsonArray("items")));

    Reply edited = shop.review(buyers.get(3), kettle, 4, "Quick to boil", "Edited, nothing wrong here.");
    assertEquals(200, edited.status());
    assertEquals("pending", edited.json().getString("status"), "an edited rejected review goes back to a moderator");
    assertEquals(404,
      api.post("/api/v1/moderation/reviews/00000000-0000-0000-0000-000000000000/approve", agent.token(), null)
        .status());
  }

  @Test
  @DisplayName("helpful votes: one per user, never for one's own review, taken back on DELETE; most helpful first, and cursors walk every review once")
  void helpfulVotesAndSorting() {
    Product tent = shop.product("TENT-3");
    List<String> people = shop.customers(6);
    List<String> authors = people.subList(0, 3);
    authors.forEach(author -> shop.received(author, tent));
    List<String> ids = authors.stream()
      .map(author -> shop.review(author, tent, 3 + authors.indexOf(author), "Tent " + authors.indexOf(author), "ok"))
      .map(reply -> reply.json().getString("id")).toList();

    String vote = "/api/v1/products/" + tent.id() + "/reviews/%s/vote";
    for (String voter : people.subList(3, 6)) {
      assertEquals(200, api.call(HttpMethod.PUT, vote.formatted(ids.get(0))).bearer(voter).send().status());
    }
    Reply twice = api.call(HttpMethod.PUT, vote.formatted(ids.get(0))).bearer(people.get(3)).send();
    assertEquals(3, twice.json().getInteger("helpful_count"), "a second vote by the same user counts once");
    Reply own = api.call(HttpMethod.PUT, vote.formatted(ids.get(0))).bearer(authors.get(0)).send();
    assertEquals(403, own.status());
    assertEquals("own_review", own.code());
    api.call(HttpMethod.PUT, vote.formatted(ids.get(1))).bearer(people.get(4)).send();
    api.call(HttpMethod.PUT, vote.formatted(ids.get(1))).bearer(people.get(5)).send();
    Reply back = api.call(HttpMethod.DELETE, vote.formatted(ids.get(1))).bearer(people.get(5)).send();
    assertEquals(1, back.json().getInteger("helpful_count"));
    assertEquals(401, api.call(HttpMethod.PUT, vote.formatted(ids.get(2))).send().status());
    assertEquals(404, api.call(HttpMethod.PUT, vote.formatted("00000000-0000-0000-0000-000000000000"))
      .bearer(people.get(3)).send().status());
    assertEquals(3, TestServer.count("SELECT count(*) FROM review_votes WHERE review_id = '" + ids.get(0) + "'"));

    assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), walk(tent, "sort=helpful"));
    assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), walk(tent, "sort=newest"));
    assertEquals(List.of(ids.get(1)), ids(shop.reviews(tent, "rating=4").getJsonArray("items")));
    assertEquals(summary(4.0, 3, 0, 0, 1, 1, 1), shop.reviews(tent, "limit=1").getJsonObject("summary"));
  }

  @Test
  @DisplayName("reviews take the product's slug like the product page: the same list, a review written by slug, its Location readable")
  void productBySlug() {
    Product mug = shop.product("MUG-SLUG");
    String buyer = shop.customers(1).get(0);
    shop.received(buyer, mug);
    Reply written = api.post("/api/v1/products/mug-slug-product/reviews", buyer,
      new JsonObject().put("rating", 5).put("title", "Holds tea"));
    assertEquals(201, written.status(), written::toString);
    assertEquals(200, api.get(written.header("Location"), buyer).status(), "the Location is a route that exists");
    Reply bySlug = api.get("/api/v1/products/mug-slug-product/reviews", null);
    assertEquals(200, bySlug.status(), bySlug::toString);
    assertEquals(api.get("/api/v1/products/" + mug.id() + "/reviews", null).json(), bySlug.json());
    assertEquals(1, bySlug.json().getJsonArray("items").size());
    assertEquals(404, api.get("/api/v1/products/no-such-slug/reviews", null).status());
    Reply unknown = api.get("/api/v1/products/mug-slug-product/reviews?stars=5", null);
    assertEquals(400, unknown.status(), "an unknown parameter is named, not ignored");
    assertEquals("stars", unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
  }

  @Test
  @DisplayName("bad review input answers problem+json and writes nothing; unknown or unlisted products are 404")
  void badInput() {
    Product mug = shop.product("MUG-4");
    String buyer = shop.customers(1).get(0);
    shop.received(buyer, mug);
    List<JsonObject> bad = List.of(
      new JsonObject().put("rating", 0).put("title", "zero"),
      new JsonObject().put("rating", 6).put("title", "six"),
      new JsonObject().put("rating", 4),
      new JsonObject().put("rating", 4).put("title", "   "),
      new JsonObject().put("rating", 4).put("title", "t").put("body", "x".repeat(5001)),
      new JsonObject().put("rating", "four").put("title", "t"),
      new JsonObject().put("rating", 4).put("title", "t").put("verified", true));
    for (JsonObject body : bad) {
      Reply reply = api.post("/api/v1/products/" + mug.id() + "/reviews", buyer, body);
      assertEquals(400, reply.status(), body::encode);
      assertEquals("application/problem+json", reply.header("Content-Type"));
    }
    assertEquals(404,
      api.post("/api/v1/products/not-a-product/reviews", buyer, new JsonObject().put("rating", 4).put("title", "t"))
        .status());
    assertEquals(404, api.get("/api/v1/products/00000000-0000-0000-0000-000000000000/reviews", null).status());
    assertEquals(400, api.get("/api/v1/products/" + mug.id() + "/reviews?sort=loudest", null).status());
    assertEquals(400, api.get("/api/v1/products/" + mug.id() + "/reviews?rating=6", null).status());
    assertEquals(400, api.get("/api/v1/products/" + mug.id() + "/reviews?rating=x", null).status());
    assertEquals(400, api.get("/api/v1/products/" + mug.id() + "/reviews?limit=0", null).status());
    Reply junk = api.get("/api/v1/products/" + mug.id() + "/reviews?limit=abc", null);
    assertEquals(400, junk.status());
    assertEquals("application/problem+json", junk.header("Content-Type"));
    assertEquals(400, api.get("/api/v1/products/" + mug.id() + "/reviews?cursor=nonsense", null).status());
    assertEquals(401,
      api.post("/api/v1/products/" + mug.id() + "/reviews", null, new JsonObject().put("rating", 4).put("title", "t"))
        .status());
    assertEquals(0, TestServer.count("SELECT count(*) FROM reviews"));
    assertEquals(summary(0, 0, 0, 0, 0, 0, 0), shop.pageRating(mug));
  }

  private List<String> walk(Product product, String query) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = shop.reviews(product, query + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(ids(page.getJsonArray("items")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return seen;
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }
}
