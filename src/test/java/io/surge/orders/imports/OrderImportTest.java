package io.surge.orders.imports;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class OrderImportTest {

  private static final String PATH = "/api/v1/admin/imports/orders";
  private static final String HEADER = "order_ref,customer_ref,ordered_at,sku,title,quantity,unit_amount,currency,country,"
    + "cancelled\n";
  /** Two orders of customer C-1 (one cancelled), a guest order; KNOWN-1 is in the catalog, the others are not. */
  private static final String HISTORY = HEADER
    + "1001,C-1,2011-03-04T10:15:00Z,KNOWN-1,Known mug,2,350,GBP,United Kingdom,\n"
    + "1001,C-1,2011-03-04T10:15:00Z,NEW-A,\"Lantern, white\",1,1299,GBP,United Kingdom,\n"
    + "1002,,2011-03-05T09:00:00+01:00,NEW-A,\"Lantern, white\",3,1299,GBP,France,false\n"
    + "C1003,C-1,2011-04-01T12:00:00Z,NEW-B,Tea towel,1,200,GBP,United Kingdom,true\n";

  private Api api;
  private String admin;
  private ShopFixture shop;

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new ShopFixture(api);
    admin = shop.admin();
  }

  private List<JsonObject> importFile(String contentType, String body) {
    return importFile(PATH, contentType, body);
  }

  private List<JsonObject> importFile(String path, String contentType, String body) {
    Reply reply = api.call(HttpMethod.POST, path).bearer(admin).header("Content-Type", contentType)
      .sendRaw(Buffer.buffer(body));
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("application/x-ndjson", reply.header("Content-Type"));
    return Arrays.stream(reply.body().toString().split("\n")).map(JsonObject::new).toList();
  }

  private static JsonObject summary(List<JsonObject> results) {
    JsonObject last = results.get(results.size() - 1);
    assertEquals(Boolean.TRUE, last.getBoolean("summary"), last::encode);
    return last;
  }

  private static List<String> statuses(List<JsonObject> results) {
    return results.subList(0, results.size() - 1).stream().map(r -> r.getString("status")).toList();
  }

  private JsonObject customer(String ref) {
    JsonArray users = api.get("/api/v1/admin/users?customer_ref=" + ref, admin).json().getJsonArray("items");
    assertEquals(1, users.size(), users::encode);
    return users.getJsonObject(0);
  }

  private static long counts() {
    return TestServer.count("SELECT count(*) FROM orders") * 1_000_000 + TestServer.count("SELECT count(*) FROM users")
      * 1_000 + TestServer.count("SELECT count(*) FROM products");
  }

  @Test
  @DisplayName("an import makes customers, archived products and historical orders, with no payment, stock or event")
  void importsHistory() {
    String knownSku = shop.sku("KNOWN-1", 400, 5);
    long outboxBefore = TestServer.count("SELECT count(*) FROM outbox");

    List<JsonObject> results = importFile("text/csv", HISTORY);

    assertEquals(List.of("skipped", "created", "created", "created", "created"), statuses(results));
    JsonObject summary = summary(results);
    assertEquals(3, summary.getInteger("orders_created"), summary::encode);
    assertEquals(4, summary.getInteger("lines_created"));
    assertEquals(1, summary.getInteger("customers_created"));
    assertEquals(2, summary.getInteger("products_created"));
    assertEquals(0, summary.getInteger("failed"));

    JsonObject c1 = customer("C-1");
    assertEquals("C-1", c1.getString("customer_ref"));
    assertEquals(List.of("customer"), c1.getJsonArray("roles").getList());
    JsonArray orders = api.get("/api/v1/admin/orders?customer=" + c1.getString("id"), admin).json()
      .getJsonArray("items");
    Map<String, JsonObject> byStatus = orders.stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(o -> o.getString("status"), Function.identity()));
    assertEquals(2, orders.size(), orders::encode);
    JsonObject completed = byStatus.get("completed");
    assertEquals("import", completed.getString("source"));
    assertEquals("2011-03-04T10:15:00Z", completed.getString("created_at"));
    assertEquals("2011-03-04T10:15:00Z", completed.getString("completed_at"));
    assertEquals(2 * 350 + 1299, completed.getJsonObject("total").getLong("amount"));
    assertEquals("GBP", completed.getJsonObject("total").getString("currency"));
    assertNull(completed.getString("paid_at"));
    assertEquals("2011-04-01T12:00:00Z", byStatus.get("cancelled").getString("cancelled_at"));

    JsonObject detail = api.get("/api/v1/admin/orders/" + completed.getString("id"), admin).json();
    JsonArray lines = detail.getJsonArray("lines");
    assertEquals(List.of("KNOWN-1", "NEW-A"), lines.stream().map(l -> ((JsonObject) l).getString("sku_code")).toList());
    assertEquals(knownSku, lines.getJsonObject(0).getString("sku_id"));
    assertEquals("Lantern, white", lines.getJsonObject(1).getString("title"));

    // The guest order has an account of its own; unknown SKUs became archived products, off the storefront.
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id "
      + "WHERE o.order_ref = '1002' AND u.customer_ref IS NULL AND o.created_at = '2011-03-05T08:00:00Z'"));
    assertEquals(2, TestServer.count("SELECT count(*) FROM products WHERE status = 'archived'"));
    assertEquals(404, api.get("/api/v1/products/" + productSlug("NEW-A"), null).status());

    // Nothing paid, no stock moved, nothing announced.
    assertEquals(0, TestServer.count("SELECT count(*) FROM payments"));
    assertEquals(5, shop.stock(knownSku).getInteger("on_hand"));
    assertEquals(0, shop.stock(knownSku).getInteger("reserved"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM inventory_adjustments"));
    assertEquals(outboxBefore, TestServer.count("SELECT count(*) FROM outbox"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_type = 'order'"));
  }

  private static String productSlug(String code) {
    return Wait.forResult(TestServer.db()
      .preparedQuery("SELECT p.slug FROM products p JOIN skus s ON s.product_id = p.id WHERE s.code = $1")
      .execute(Tuple.of(code))).iterator().next().getString("slug");
  }

  @Test
  @DisplayName("importing the same file twice creates nothing the second time")
  void idempotent() {
    importFile("text/csv", HISTORY);
    long before = counts();
    long linesBefore = TestServer.count("SELECT count(*) FROM order_lines");

    List<JsonObject> again = importFile("text/csv", HISTORY);

    assertEquals(List.of("skipped", "exists", "exists", "exists", "exists"), statuses(again));
    JsonObject summary = summary(again);
    assertEquals(0, summary.getInteger("orders_created"));
    assertEquals(3, summary.getInteger("orders_existing"));
    assertEquals(0, summary.getInteger("customers_created"));
    assertEquals(0, summary.getInteger("products_created"));
    assertEquals(before, counts());
    assertEquals(linesBefore, TestServer.count("SELECT count(*) FROM order_lines"));
  }

  @Test
  @DisplayName("bad lines are refused one by one, naming the field, and their orders change nothing")
  void badLines() {
    String file = HEADER
      + "2001,C-9,2011-05-01T10:00:00Z,GOOD-1,Good,1,100,EUR,,\n"
      + "2002,C-9,yesterday,GOOD-1,Good,1,100,EUR,,\n"
      + "2003,C-9,2011-05-01T10:00:00Z,GOOD-1,Good,-2,100,EUR,,\n"
      + "2004,C-9,2011-05-01T10:00:00Z,,Good,1,100,EUR,,\n"
      + "2005,C-9,2011-05-01T10:00:00Z,GOOD-1,Good,1,100,euro,,\n"
      + "2006,C-9,2011-05-01T10:00:00Z,GOOD-1,Good,1,1.50,EUR,,\n"
      + "2007,C-7,2011-05-01T10:00:00Z,OTHER-1,Other,1,100,EUR,,\n"
      + "2007,C-7,2011-05-01T10:00:00Z,OTHER-2,Other,0,100,EUR,,\n";

    List<JsonObject> results = importFile("text/csv", file);

    assertEquals(List.of("skipped", "created", "error", "error", "error", "error", "error", "error", "error"),
      statuses(results));
    assertEquals(List.of("ordered_at", "quantity", "sku", "currency", "unit_amount"),
      results.subList(2, 7).stream().map(r -> r.getString("field")).toList());
    results.subList(2, 7).forEach(r -> assertEquals("validation_failed", r.getString("code"), r::encode));
    assertEquals("order_rejected", results.get(7).getString("code"), results.get(7)::encode);
    assertEquals("quantity", results.get(8).getString("field"));
    assertEquals(7, summary(results).getInteger("failed"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM users WHERE customer_ref = 'C-7'"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM skus WHERE code LIKE 'OTHER-%'"));

    // Fixed, the same file imports the rest and leaves the good order alone.
    List<JsonObject> fixed = importFile("text/csv", file.replace(",0,100,EUR", ",1,100,EUR"));
    assertEquals("exists", fixed.get(1).getString("status"));
    assertEquals(List.of("created", "created"), statuses(fixed).subList(7, 9));
  }

  @Test
  @DisplayName("an imported customer cannot log in")
  void importedCustomerCannotLogIn() {
    importFile("text/csv", HISTORY);
    String email = customer("C-1").getString("email");
    assertTrue(email.endsWith(".invalid"), email);
    for (String password : new String[] {"!imported", "imported", "correct horse battery staple"}) {
      Reply login = api.post("/api/v1/auth/token", null,
        new JsonObject().put("email", email).put("password", password));
      assertEquals(401, login.status(), login::toString);
    }
  }

  @Test
  @DisplayName("NDJSON imports the same way as CSV; new_products=active puts made products on the storefront")
  void ndjson() {
    String body = new JsonObject().put("order_ref", "N-1").put("customer_ref", "J-1")
      .put("ordered_at", "2011-01-02T03:04:05Z").put("sku", "J-SKU").put("title", "Json thing").put("quantity", 2)
      .put("unit_amount", 150).put("currency", "USD").encode() + "\n\n"
      + new JsonObject().put("order_ref", "N-2").put("ordered_at", "2011-01-02T03:04:05Z").put("sku", "J-SKU")
        .put("title", "Json thing").put("quantity", "x").put("unit_amount", 150).put("currency", "USD").encode()
      + "\n";

    List<JsonObject> results = importFile(PATH + "?new_products=active", "application/x-ndjson", body);

    assertEquals(List.of("created", "skipped", "error"), statuses(results));
    assertEquals("quantity", results.get(2).getString("field"));
    assertEquals("J-1", customer("J-1").getString("customer_ref"));
    assertEquals(1, TestServer.count("SELECT count(*) FROM orders WHERE source = 'import' AND total_amount = 300"));
    assertEquals(200, api.get("/api/v1/products/" + productSlug("J-SKU"), null).status());
  }

  @Test
  @DisplayName("only an admin may import; other media types and a bad header are refused whole")
  void refusals() {
    Reply customer = api.call(HttpMethod.POST, PATH).bearer(api.customerToken()).header("Content-Type", "text/csv")
      .sendRaw(Buffer.buffer(HISTORY));
    assertEquals(403, customer.status(), customer::toString);
    Reply anonymous = api.call(HttpMethod.POST, PATH).header("Content-Type", "text/csv")
      .sendRaw(Buffer.buffer(HISTORY));
    assertEquals(401, anonymous.status(), anonymous::toString);
    Reply json = api.post(PATH, admin, new JsonObject().put("order_ref", "1"));
    assertEquals(415, json.status(), json::toString);
    Reply status = api.call(HttpMethod.POST, PATH + "?new_products=live").bearer(admin)
      .header("Content-Type", "text/csv").sendRaw(Buffer.buffer(HISTORY));
    assertEquals(400, status.status(), status::toString);
    assertTrue(status.body().toString().contains("new_products"), status::toString);
    Reply header = api.call(HttpMethod.POST, PATH).bearer(admin).header("Content-Type", "text/csv")
      .sendRaw(Buffer.buffer("order_ref,customer,ordered_at\n1,2,3\n"));
    assertEquals(400, header.status(), header::toString);
    assertTrue(header.body().toString().contains("customer"), header::toString);
    assertEquals(0, TestServer.count("SELECT count(*) FROM orders"));
  }
}
