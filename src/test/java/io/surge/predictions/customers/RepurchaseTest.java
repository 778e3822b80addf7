package io.surge.predictions.customers;

import io.surge.support.Agents;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated history imported through the order import: regular monthly buyers who keep buying, lapsed customers
 * with more orders who stopped in the winter (so "more orders = more likely" ranks them wrongly), one-time buyers.
 * The model is trained as of 2019-07-01 and checked against July.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class RepurchaseTest {

  private static final String AS_OF = "2019-07-01";
  private static final String RUN = "P";

  private final List<String> regular = new ArrayList<>();
  private final List<String> lapsed = new ArrayList<>();
  private Api api;
  private String admin;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    admin = new ShopFixture(api).admin();
  }

  /** The planted history (every test starts from an empty shop), and a training as of 2019-07-01. */
  private void plantAndTrain() {
    importHistory();
    train();
  }

  private void importHistory() {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("order_ref,customer_ref,ordered_at,sku,title,quantity,unit_amount,currency,"
      + "country,cancelled\n");
    int orderNo = 0;
    for (int c = 0; c < 40; c++) {
      String ref = RUN + "-R" + c;
      regular.add(ref);
      LocalDate day = LocalDate.parse("2019-01-01").plusDays(random.nextInt(25));
      for (; day.isBefore(LocalDate.parse("2019-08-15")); day = day.plusDays(24 + random.nextInt(6))) {
        line(csv, orderNo++, ref, day, random);
      }
    }
    for (int c = 0; c < 40; c++) {
      String ref = RUN + "-L" + c;
      lapsed.add(ref);
      LocalDate day = LocalDate.parse("2018-03-01").plusDays(random.nextInt(20));
      for (int k = 0; k < 9 + random.nextInt(3); k++, day = day.plusDays(25 + random.nextInt(10))) {
        line(csv, orderNo++, ref, day, random);
      }
    }
    for (int c = 0; c < 30; c++) {
      line(csv, orderNo++, RUN + "-O" + c, LocalDate.parse("2018-06-01").plusDays(random.nextInt(360)), random);
    }
    Reply reply = api.call(HttpMethod.POST, "/api/v1/admin/imports/orders").bearer(admin)
      .header("Content-Type", "text/csv").sendRaw(Buffer.buffer(csv.toString()));
    assertEquals(200, reply.status(), reply::toString);
    String[] results = reply.body().toString().split("\n");
    JsonObject summary = new JsonObject(results[results.length - 1]);
    assertEquals(orderNo, summary.getInteger("orders_created"), summary::encode);
  }

  private static void line(StringBuilder csv, int orderNo, String customer, LocalDate day, Random random) {
    int sku = random.nextInt(5);
    csv.append(RUN).append("-").append(orderNo).append(',').append(customer).append(',').append(day)
      .append("T10:00:00Z,").append(RUN).append("-SKU-").append(sku).append(",Planted ").append(sku).append(',')
      .append(1 + random.nextInt(3)).append(',').append(500 + random.nextInt(1000)).append(",GBP,United Kingdom,\n");
  }

  private void train() {
    // another test's call may have started a training as of now: 409 until it ends
    Wait.until("a training to start", Duration.ofSeconds(60),
      () -> api.post("/api/v1/admin/predictions:train?from=" + AS_OF, admin, null).status(), s -> s == 202);
    JsonObject status = Wait.until("the repurchase training to finish", Duration.ofSeconds(120), this::model,
      s -> "idle".equals(s.getString("state")) && (s.getString("last_error") != null
        || s.getString("as_of") != null && s.getString("as_of").startsWith(AS_OF)));
    assertNull(status.getString("last_error"), status::encode);
  }

  private JsonObject model() {
    Reply reply = api.get("/api/v1/admin/predictions/repurchase", admin);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private String userId(String ref) {
    JsonArray users = api.get("/api/v1/admin/users?customer_ref=" + ref, admin).json().getJsonArray("items");
    assertEquals(1, users.size(), users::encode);
    return users.getJsonObject(0).getString("id");
  }

  private JsonObject insights(String userId) {
    Reply reply = api.get("/api/v1/admin/customers/" + userId + "/insights", admin);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  @Test
  @DisplayName("regular monthly buyers score above lapsed ones, and the model ranks July's buyers better than order counts")
  void plantedPattern() {
    plantAndTrain();
    double lowestRegular = regular.stream().mapToDouble(ref -> insights(userId(ref))
      .getDouble("repurchase_probability")).min().orElseThrow();
    double highestLapsed = lapsed.stream().mapToDouble(ref -> insights(userId(ref))
      .getDouble("repurchase_probability")).max().orElseThrow();
    assertTrue(lowestRegular > highestLapsed, lowestRegular + " <= " + highestLapsed);

    JsonObject model = model();
    assertTrue(model.getString("model_version").startsWith("repurchase-"), model::encode);
    JsonObject measured = model.getJsonObject("measurements");
    assertNotNull(measured.getJsonObject("gradient_boosted_trees").getDouble("auc"), measured::encode);
    assertNotNull(measured.getJsonObject("logistic_regression").getDouble("auc"), measured::encode);
    assertEquals(model.getString("algorithm"), measured.getString("chosen"));

    Reply evaluated = api.get("/api/v1/admin/predictions/repurchase/evaluation?days=30", admin);
    assertEquals(200, evaluated.status(), evaluated::toString);
    JsonObject figures = evaluated.json();
    double modelAuc = figures.getJsonObject("model").getDouble("auc");
    double ruleAuc = figures.getJsonObject("order_count_rule").getDouble("auc");
    assertTrue(modelAuc > 0.8 && modelAuc > ruleAuc, figures::encode);
    assertTrue(figures.getInteger("buyers") >= regular.size(), figures::encode);
  }

  @Test
  @DisplayName("insights: probability, segment, features and the drivers of the score, largest effect first")
  void insightsShape() {
    plantAndTrain();
    JsonObject buyer = insights(userId(regular.get(0)));
    assertEquals("scored", buyer.getString("status"));
    assertTrue(Set.of("champions", "loyal").contains(buyer.getString("segment")), buyer::encode);
    assertEquals(CustomerFeatures.NAMES.size(), buyer.getJsonObject("features").size());
    assertTrue(buyer.getJsonObject("features").getDouble("recency_days") < 32, buyer::encode);
    JsonArray drivers = buyer.getJsonArray("drivers");
    assertEquals(CustomerFeatures.NAMES.size(), drivers.size());
    for (int i = 1; i < drivers.size(); i++) {
      assertTrue(Math.abs(drivers.getJsonObject(i - 1).getDouble("contribution")) >= Math
        .abs(drivers.getJsonObject(i).getDouble("contribution")), drivers::encode);
    }
    // the contributions add up to the score's log-odds
    double logOdds = buyer.getDouble("baseline");
    for (int i = 0; i < drivers.size(); i++) {
      logOdds += drivers.getJsonObject(i).getDouble("contribution");
    }
    assertEquals(buyer.getDouble("repurchase_probability"), 1 / (1 + Math.exp(-logOdds)), 0.01);
    assertNotNull(buyer.getString("trained_at"));
    assertTrue(buyer.getString("model_version").startsWith("repurchase-"));

    JsonObject stopped = insights(userId(lapsed.get(0)));
    assertEquals("at_risk", stopped.getString("segment"), stopped::encode);
    // the largest effect pushes a lapsed customer down and a regular buyer up
    assertTrue(stopped.getJsonArray("drivers").getJsonObject(0).getDouble("contribution") < 0, stopped::encode);
    assertTrue(drivers.getJsonObject(0).getDouble("contribution") > 0, buyer::encode);

    String newcomer = api.get("/api/v1/me", api.customerToken()).json().getString("id");
    JsonObject none = insights(newcomer);
    assertEquals("not_enough_history", none.getString("status"), none::encode);
    assertNull(none.getValue("repurchase_probability"));
  }

  @Test
  @DisplayName("the re-engagement list: most likely first, in cursor pages without overlap, filtered by segment")
  void listSortedPagedAndFiltered() {
    plantAndTrain();
    List<Double> probabilities = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply page = api.get("/api/v1/admin/customers?sort=-repurchase_probability&limit=25"
        + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertEquals(200, page.status(), page::toString);
      for (Object item : page.json().getJsonArray("items")) {
        JsonObject customer = (JsonObject) item;
        assertTrue(seen.add(customer.getString("user_id")), "no customer twice");
        probabilities.add(customer.getDouble("repurchase_probability"));
      }
      cursor = page.json().getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 100);
    assertTrue(pages >= 4, "110 planted customers in pages of 25");
    for (int i = 1; i < probabilities.size(); i++) {
      assertTrue(probabilities.get(i - 1) >= probabilities.get(i), "sorted, highest first");
    }
    assertTrue(seen.contains(userId(regular.get(3))) && seen.contains(userId(lapsed.get(3))));

    Reply atRisk = api.get("/api/v1/admin/customers?segment=at_risk&limit=100", admin);
    assertEquals(200, atRisk.status(), atRisk::toString);
    JsonArray items = atRisk.json().getJsonArray("items");
    assertTrue(items.size() >= lapsed.size(), items::encode);
    Map<String, Long> segments = items.stream().map(i -> ((JsonObject) i).getString("segment"))
      .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    assertEquals(Set.of("at_risk"), segments.keySet());
  }

  @Test
  @DisplayName("admin only: anonymous 401, customers and agents 403; unknown customer 404; bad input 400 naming the field")
  void accessAndInput() {
    String customer = api.get("/api/v1/me", api.customerToken()).json().getString("id");
    String agent = Agents.create(api, admin).token();
    List<String> paths = List.of("/api/v1/admin/customers/" + customer + "/insights", "/api/v1/admin/customers",
      "/api/v1/admin/predictions/repurchase", "/api/v1/admin/predictions/repurchase/evaluation");
    for (String path : paths) {
      assertEquals(401, api.get(path, null).status(), path);
      assertEquals(403, api.get(path, api.customerToken()).status(), path);
      assertEquals(403, api.get(path, agent).status(), path);
    }
    assertEquals(401, api.post("/api/v1/admin/predictions:train", null, null).status());
    assertEquals(403, api.post("/api/v1/admin/predictions:train", api.customerToken(), null).status());
    assertEquals(403, api.post("/api/v1/admin/predictions:train", agent, null).status());

    assertEquals(404, api.get("/api/v1/admin/customers/" + UUID.randomUUID() + "/insights", admin).status());
    assertEquals(404, api.get("/api/v1/admin/customers/not-a-user/insights", admin).status());
    assertBadField(api.get("/api/v1/admin/customers?sort=email", admin), "sort");
    assertBadField(api.get("/api/v1/admin/customers?segment=whales", admin), "segment");
    assertBadField(api.get("/api/v1/admin/customers?limit=0", admin), "limit");
    assertBadField(api.get("/api/v1/admin/customers?cursor=bm9wZQ", admin), "cursor");
    assertBadField(api.get("/api/v1/admin/predictions/repurchase/evaluation?days=0", admin), "days");
    assertBadField(api.post("/api/v1/admin/predictions:train?from=2019-13-45", admin, null), "from");
  }

  private static void assertBadField(Reply reply, String field) {
    assertEquals(400, reply.status(), reply::toString);
    JsonArray errors = reply.json().getJsonArray("errors");
    assertNotNull(errors, reply::toString);
    assertTrue(errors.getJsonObject(0).getString("pointer").endsWith(field), reply::toString);
  }
}
