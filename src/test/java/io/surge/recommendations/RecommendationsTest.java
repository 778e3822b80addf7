package io.surge.recommendations;

import io.surge.recommendations.RecommendationFixtures.Product;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static io.surge.recommendations.RecommendationFixtures.EVENTS;
import static io.surge.recommendations.RecommendationFixtures.ids;
import static io.surge.recommendations.RecommendationFixtures.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class RecommendationsTest {

  private Api api;
  private RecommendationFixtures recs;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    recs = new RecommendationFixtures(api, vertx);
  }

  @Test
  @DisplayName("buyers of A also buy B: learned from paid orders, served for the product, the customer and a guest cart")
  void plantedPatternIsLearnedAndServed() {
    Product a = recs.product("PA");
    Product b = recs.product("PB");
    Product c = recs.product("PC");
    Product d = recs.product("PD");
    List<String> crowd = recs.customers(8);
    for (int i = 0; i < 6; i++) {
      recs.buy(crowd.get(i), a, b);
    }
    recs.buy(crowd.get(6), c, d);
    recs.buy(crowd.get(7), c, d);
    String shopper = recs.customers(1).get(0);
    recs.buy(shopper, a);

    // bought-together comes from the order events, before any training
    // (until then B may lead as merely similar: the list falls back to similar products while too few were bought)
    JsonArray beside = Wait.until("A's bought-together to name B", EVENTS, () -> recs.forProduct(a.id(),
      "bought_together"),
      items -> !items.isEmpty() && b.id().equals(items.getJsonObject(0).getString("product_id"))
        && "bought_together".equals(items.getJsonObject(0).getString("reason")));
    assertEquals("bought_together", beside.getJsonObject(0).getString("reason"));
    assertFalse(ids(beside).contains(a.id()), "never the product itself");
    JsonObject item = beside.getJsonObject(0);
    for (String field : List.of("product_id", "slug", "title", "price", "sku_codes", "reason")) {
      assertNotNull(item.getValue(field), field);
    }
    assertTrue(item.containsKey("image_url"));
    assertEquals(1, item.getJsonArray("sku_codes").size());

    JsonObject status = recs.train();
    assertTrue(status.getInteger("users") >= 9, status::toString);
    assertTrue(status.getInteger("products") >= 4, status::toString);
    JsonArray mine = recs.mine(shopper);
    assertEquals(b.id(), mine.getJsonObject(0).getString("product_id"), mine::toString);
    assertEquals("for_you", mine.getJsonObject(0).getString("reason"));
    assertFalse(ids(mine).contains(a.id()), "never what the customer bought");
    assertEquals(ids(mine).size(), ids(mine).stream().distinct().count(), "no duplicates");
    JsonArray seenByAdmin = api.get("/api/v1/admin/users/" + recs.userId(shopper) + "/recommendations?limit=20",
      recs.admin()).json().getJsonArray("items");
    assertEquals(ids(mine), ids(seenByAdmin), "the admin sees what the customer sees");

    // a guest with A in the cart is offered B
    Reply added = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + a.sku()).send(new JsonObject().put("quantity", 1));
    assertEquals(200, added.status(), added::toString);
    Reply cart = recs.cart(added.header("X-Cart-Token"));
    assertEquals(200, cart.status(), cart::toString);
    JsonArray forCart = cart.json().getJsonArray("items");
    assertEquals(b.id(), forCart.getJsonObject(0).getString("product_id"), forCart::toString);
    assertFalse(ids(forCart).contains(a.id()), "never what is in the cart");
  }

  @Test
  @DisplayName("a new order changes the customer's list at once; bought-together follows once its event is consumed")
  void newOrdersCountAtOnce() {
    Product c = recs.product("NC");
    Product d = recs.product("ND");
    Product e = recs.product("NE");
    Product f = recs.product("NF");
    for (String token : recs.customers(3)) {
      recs.buy(token, c, d);
    }
    String shopper = recs.customers(1).get(0);
    recs.buy(shopper, recs.product("NX"));
    Wait.until("C's neighbours counted", EVENTS, () -> recs.forProduct(c.id(), "bought_together"),
      items -> "bought_together".equals(reason(items, d.id())));
    recs.train();

    // ordered (not even paid yet) after the training: C leaves the list and its neighbour D leads it
    recs.order(shopper, c);
    JsonArray mine = recs.mine(shopper);
    assertFalse(ids(mine).contains(c.id()), mine::toString);
    assertEquals(d.id(), mine.getJsonObject(0).getString("product_id"), mine::toString);
    assertEquals("bought_together", mine.getJsonObject(0).getString("reason"));

    assertFalse("bought_together".equals(reason(recs.forProduct(e.id(), "bought_together"), f.id())));
    recs.buy(recs.customers(1).get(0), e, f);
    Wait.until("E's bought-together to name F after the order.paid event", EVENTS,
      () -> recs.forProduct(e.id(), "bought_together"), items -> "bought_together".equals(reason(items, f.id())));
  }

  @Test
  @DisplayName("the stored list alone serves a customer the model has seen whole; any order it has not seen is read too")
  void storedListAndUnseenOrders() {
    Product a = recs.product("UA");
    Product b = recs.product("UB");
    Product c = recs.product("UC");
    for (String token : recs.customers(6)) {
      recs.buy(token, a, b);
    }
    for (String token : recs.customers(3)) {
      recs.buy(token, a, c);
    }
    String settled = recs.customers(1).get(0);
    recs.buy(settled, a);
    String pending = recs.customers(1).get(0);
    recs.buy(pending, a);
    recs.order(pending, b); // ordered before the training, never paid: the model does not know it
    recs.train();

    // every order of this customer was learned from: their stored list, without reading their history
    JsonArray top = recs.mine(settled, 1);
    assertEquals(List.of(b.id()), ids(top), top::toString);
    assertEquals("for_you", reason(top, b.id()));
    assertEquals(ids(top), ids(api.get("/api/v1/admin/users/" + recs.userId(settled)
      + "/recommendations?limit=1&model=for_you", recs.admin()).json().getJsonArray("items")));
    // an order the training did not count still leaves its products out, before the training and after it
    assertFalse(ids(recs.mine(pending, 1)).contains(b.id()), "ordered before the training, not paid");
    recs.order(settled, b);
    JsonArray after = recs.mine(settled, 1);
    assertFalse(ids(after).contains(b.id()), after::toString);
    assertEquals(400, api.get("/api/v1/admin/users/" + recs.userId(settled) + "/recommendations?model=nope",
      recs.admin()).status());
  }

  @Test
  @DisplayName("already-bought, archived and out-of-stock products never appear")
  void neverUnsellableOrBought() {
    Product a = recs.product("XA");
    Product b = recs.product("XB");
    Product c = recs.product("XC");
    for (String token : recs.customers(3)) {
      recs.buy(token, a, b, c);
    }
    String shopper = recs.customers(1).get(0);
    recs.buy(shopper, a);
    Wait.until("A's neighbours counted", EVENTS, () -> recs.forProduct(a.id(), "bought_together"),
      items -> ids(items).containsAll(List.of(b.id(), c.id())));
    recs.train();
    assertTrue(ids(recs.mine(shopper)).containsAll(List.of(b.id(), c.id())));

    assertEquals(200, api.post("/api/v1/admin/products/" + b.id() + "/archive", recs.admin(), null).status());
    JsonObject stock = recs.shop().stock(c.sku());
    int available = stock.getInteger("on_hand") - stock.getInteger("reserved");
    Reply emptied = api.call(HttpMethod.POST, "/api/v1/admin/skus/" + c.sku() + "/inventory-adjustments")
      .bearer(recs.admin()).header("Idempotency-Key", UUID.randomUUID().toString())
      .send(new JsonObject().put("delta", -available).put("reason", "stock count"));
    assertTrue(emptied.status() == 200 || emptied.status() == 201, emptied::toString);

    Wait.until("archived and sold-out products to leave the lists", EVENTS, () -> List.of(recs.mine(shopper),
      recs.forProduct(a.id(), "bought_together"), recs.forProduct(a.id(), "similar")),
      lists -> lists.stream().noneMatch(items -> ids(items).contains(b.id()) || ids(items).contains(c.id())));
    assertEquals(404, api.get("/api/v1/products/" + b.id() + "/recommendations", null).status(),
      "an archived product has no public list");
    assertFalse(ids(recs.mine(shopper)).contains(a.id()));
  }

  @Test
  @DisplayName("a new product nobody bought gets similar products (title, brand, attributes); ETag answers 304")
  void newProductGetsSimilar() {
    String word = "Zq" + UUID.randomUUID().toString().substring(0, 6);
    JsonObject wool = new JsonObject().put("brand", "Northknit " + word).put("attributes",
      new JsonObject().put("material", "merino"));
    Product scarf = recs.product("SR", wool.copy().put("title", word + " Merino Wool Scarf Red"));
    Product twin = recs.product("SB", wool.copy().put("title", word + " Merino Wool Scarf Blue"));
    recs.product("SP", new JsonObject().put("title", "Cast Iron Pan"));

    Reply reply = api.get("/api/v1/products/" + scarf.id() + "/recommendations?kind=bought_together", null);
    assertEquals(200, reply.status(), reply::toString);
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(twin.id(), items.getJsonObject(0).getString("product_id"), items::toString);
    assertEquals("similar", items.getJsonObject(0).getString("reason"));
    assertEquals(twin.id(), recs.forProduct(scarf.id(), "similar").getJsonObject(0).getString("product_id"));

    String etag = reply.header("ETag");
    assertNotNull(etag);
    Reply again = api.call(HttpMethod.GET, "/api/v1/products/" + scarf.id() + "/recommendations?kind=bought_together")
      .header("If-None-Match", etag).send();
    assertTrue(again.status() == 304 || !etag.equals(again.header("ETag")), again::toString);
    assertEquals(400, api.get("/api/v1/products/" + scarf.id() + "/recommendations?kind=nope", null).status());
    assertEquals(400, api.get("/api/v1/products/" + scarf.id() + "/recommendations?limit=0", null).status());
    assertEquals(404, api.get("/api/v1/products/no-such-product/recommendations", null).status());
  }

  @Test
  @DisplayName("a customer with no history gets trending")
  void noHistoryGetsTrending() {
    Product hit = recs.product("TR");
    recs.buy(recs.customers(1).get(0), hit);
    recs.train();
    String newcomer = recs.customers(1).get(0);
    // the training tells every instance to drop its cached trending list just after it finishes
    JsonArray mine = Wait.until("the new bestseller to trend", EVENTS, () -> recs.mine(newcomer),
      items -> ids(items).contains(hit.id()));
    for (int i = 0; i < mine.size(); i++) {
      assertEquals("trending", mine.getJsonObject(i).getString("reason"), mine::toString);
    }
  }

  @Test
  @DisplayName("an order event delivered twice is counted once")
  void duplicateEventCountsOnce() throws Exception {
    Product e = recs.product("DE");
    Product f = recs.product("DF");
    String orderId = recs.buy(recs.customers(1).get(0), e, f);
    Wait.until("the order counted", EVENTS, () -> pairCount(e, f), count -> count == 1);

    OrderTopic.Redelivered again = OrderTopic.redeliver(orderId, "order.paid");
    Wait.until("the duplicate consumed", EVENTS, again::consumed, done -> done);
    assertEquals(1, pairCount(e, f));
    assertEquals(1, count("SELECT buyers FROM recommendation_product_buyers WHERE product_id = $1",
      UUID.fromString(e.id())));
  }

  @Test
  @DisplayName("the personal list is in the customer's data export, and goes when the account is erased")
  void personalListFollowsTheAccount() {
    Product a = recs.product("PX");
    Product b = recs.product("PY");
    for (String buyer : recs.customers(3)) {
      recs.buy(buyer, a, b);
    }
    String shopper = recs.customers(1).get(0);
    recs.buy(shopper, a);
    recs.train();
    UUID shopperId = UUID.fromString(recs.userId(shopper));
    Reply export = api.get("/api/v1/me/export", shopper);
    assertEquals(200, export.status(), export::toString);
    JsonArray learned = export.json().getJsonArray("recommendations");
    assertEquals(b.id(), learned.getJsonObject(0).getString("product_id"), learned::toString);
    assertNotNull(learned.getJsonObject(0).getValue("score"));

    Reply erased = api.post("/api/v1/admin/users/" + shopperId + "/erase", recs.admin(),
      new JsonObject().put("reason", "asked by e-mail"));
    assertEquals(204, erased.status(), erased::toString);
    assertEquals(0, count("SELECT count(*) FROM recommendation_for_you WHERE user_id = $1", shopperId));
    assertTrue(count("SELECT count(*) FROM recommendation_pairs WHERE product_id = $1", UUID.fromString(a.id())) > 0,
      "bought-together counts name nobody and stay");
  }

  @Test
  @DisplayName("personal lists are the customer's own: 401 without a token, 403 for another's, admin routes need admin")
  void personalListsArePrivate() {
    String customer = recs.customers(1).get(0);
    assertEquals(401, api.get("/api/v1/me/recommendations", null).status());
    String someone = recs.userId(recs.customers(1).get(0));
    assertEquals(403, api.get("/api/v1/admin/users/" + someone + "/recommendations", customer).status());
    assertEquals(403, api.post("/api/v1/admin/recommendations:train", customer, null).status());
    assertEquals(403, api.get("/api/v1/admin/recommendations/status", customer).status());
    assertEquals(401, api.get("/api/v1/admin/recommendations/status", null).status());
    assertEquals(404, api.get("/api/v1/admin/users/" + UUID.randomUUID() + "/recommendations", recs.admin()).status());
    assertEquals(401, api.call(HttpMethod.GET, "/api/v1/cart/recommendations").header("Authorization", "Bearer nope")
      .send().status());
  }

  private static long pairCount(Product a, Product b) {
    return count("SELECT coalesce(sum(customers), 0) FROM recommendation_pairs WHERE product_id = $1 AND other_id = $2",
      UUID.fromString(a.id()), UUID.fromString(b.id()));
  }

  private static long count(String sql, Object... params) {
    return ((Number) Wait.forResult(TestServer.db().preparedQuery(sql).execute(Tuple.from(params))).iterator().next()
      .getValue(0)).longValue();
  }
}
