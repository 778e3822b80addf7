package io.surge.http;

import io.surge.http.OperationVariants.Operation;
import io.surge.http.OperationVariants.Variant;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ContractCheck;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Walks every operation of the OpenAPI document and sends hostile variants of each of its parameters and body
 * fields ({@link OperationVariants} builds them, {@link HostileValues} lists the values), as a customer or an admin
 * so that they reach the handlers. No answer may be a 5xx; every 4xx is a problem, a 400 for a field names it; and
 * an operation none of whose variants succeeded changed nothing. A new operation or field is walked without touching
 * this test.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class HostileInputTest {

  /** The operations that answer a stream that never ends (the sale monitor's id is checked by its own test). */
  private static final List<String> NOT_WALKED = List.of("streamOrderEvents", "streamFlashSaleLive");
  /** Tables that a 4xx may legitimately write (key records, security logs) or that background jobs change. */
  private static final List<String> NOT_FINGERPRINTED = List.of("flyway_schema_history", "catalog_clock",
    "idempotency_keys", "outbox");

  private Api api;
  private Map<String, String> ids;
  private String customer;
  private String admin;
  private String fingerprintSql;
  private final List<String> failures = new ArrayList<>();
  private int sent;

  @Test
  @DisplayName("every operation, every parameter and body field, hostile values: no 5xx, problems name the field, nothing changed")
  void walkEveryOperation(Vertx vertx) {
    api = new Api(vertx);
    long setUp = System.nanoTime();
    fixtures(vertx);
    System.out.printf(Locale.ROOT, "Hostile walk: the shop set up in %.1f s%n", (System.nanoTime() - setUp) / 1e9);
    fingerprintSql = fingerprintSql();
    JsonObject contract = ContractCheck.contract().getRawContract();
    OperationVariants walker = new OperationVariants(contract, ids);
    long started = System.nanoTime();
    int operations = 0;
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!(paths.getValue(path) instanceof JsonObject item)) {
        continue; // the schema repository's own annotations
      }
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        if (item.getValue(method) instanceof JsonObject operation
          && !NOT_WALKED.contains(operation.getString("operationId"))) {
          send(path, method, walker.of(path, item, method, operation));
          operations++;
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "Hostile walk: %d operations, %d requests, %.1f s%n", operations, sent, seconds);
    assertTrue(operations >= 80, "the walk reached " + operations + " operations");
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + sent + " hostile requests were mishandled:\n" + String.join("\n", failures));
    }
  }

  @Test
  @DisplayName("the holes reported in issue 15: NUL in stored text, exponents and huge numbers, %00 in a path, junk cursors, all 400 naming the field")
  void reportedHoles(Vertx vertx) {
    api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String token = api.customerToken();
    String skuId = shop.sku("HOLE", 1000, 5);
    long usersBefore = TestServer.count("SELECT count(*) FROM users");
    assertField(api.post("/api/v1/users", null, new JsonObject().put("email", "nul@example.com")
      .put("password", Api.PASSWORD).put("display_name", "Nul\u0000Character")), "display_name");
    assertField(api.post("/api/v1/auth/token", null,
      new JsonObject().put("email", "a\u0000b@example.com").put("password", "x")), "email");
    assertField(api.call(HttpMethod.PATCH, "/api/v1/me").bearer(token)
      .send(new JsonObject().put("display_name", "\u0000")), "display_name");
    assertField(api.post("/api/v1/me/addresses", token, ShopFixture.ADDRESS.copy().put("city", "Lon\u0000don")),
      "city");
    assertField(api.post("/api/v1/support/tickets", token,
      new JsonObject().put("subject", "Late").put("body", "Where\u0000is it?")), "body");
    assertField(api.get("/api/v1/products?price_min=1e3", null), "price_min");
    assertField(api.get("/api/v1/products?price_min=99999999999999999999", null), "price_min");
    assertField(api.get("/api/v1/search?q=x&price_max=1e3", null), "price_max");
    assertField(api.get("/api/v1/products/slug%00x", null), "idOrSlug");
    String junk = Base64.getUrlEncoder().withoutPadding().encodeToString("[\"x\"]".getBytes(StandardCharsets.UTF_8));
    assertField(api.get("/api/v1/admin/skus/" + skuId + "/price-history?cursor=" + junk, shop.admin()), "cursor");
    assertEquals(usersBefore, TestServer.count("SELECT count(*) FROM users"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM addresses"));
    assertEquals(0, TestServer.count("SELECT count(*) FROM tickets"));
  }

  private static void assertField(Reply reply, String field) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals(Problems.CONTENT_TYPE, reply.header("Content-Type"));
    assertEquals(field, reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
  }

  // ---- one operation ----

  /** Sends the operation's variants at once, as an admin where the path is the staff's, else as a customer. */
  private void send(String path, String method, Operation operation) {
    if (operation.variants().isEmpty()) {
      return;
    }
    String token = !operation.secured() ? null
      : path.contains("/admin/") || path.contains("/moderation/") || path.contains("/agent/") ? admin : customer;
    String before = fingerprint();
    List<Future<Reply>> replies = new ArrayList<>();
    for (Variant variant : operation.variants()) {
      replies.add(send(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), variant, token, operation.parameters()));
    }
    Wait.forResult(Future.join(replies).otherwiseEmpty());
    boolean succeeded = false;
    boolean accepted = false;
    for (int i = 0; i < operation.variants().size(); i++) {
      Variant variant = operation.variants().get(i);
      Future<Reply> reply = replies.get(i);
      sent++;
      if (reply.failed()) {
        failures.add(operation.operationId() + " " + variant.what() + ": no answer (" + reply.cause() + ")");
        continue;
      }
      succeeded |= reply.result().status() < 300;
      accepted |= reply.result().status() == 202;
      judge(operation.operationId(), variant, reply.result(), operation.named());
    }
    if (!succeeded) {
      String after = fingerprint();
      if (!before.equals(after)) {
        failures
          .add(operation.operationId() + ": no variant succeeded, yet the data changed: " + changed(before, after));
      }
    }
    if (accepted) {
      settle();
    }
  }

  private Future<Reply> send(HttpMethod method, Variant variant, String token, List<JsonObject> parameters) {
    Api.Call call = api.call(method, variant.uri()).bearer(token);
    for (JsonObject parameter : parameters) {
      if ("header".equals(parameter.getString("in")) && "Idempotency-Key".equals(parameter.getString("name"))
        && !variant.headers().containsKey("Idempotency-Key")) {
        call.header("Idempotency-Key", UUID.randomUUID().toString());
      }
    }
    variant.headers().forEach(call::header);
    return call.sendAsync(variant.body(), variant.contentType());
  }

  private void judge(String operationId, Variant variant, Reply reply, boolean named) {
    String answer = reply.toString();
    String where = operationId + " " + variant.what() + ": "
      + (answer.length() > 400 ? answer.substring(0, 400) + "..." : answer);
    if (reply.status() >= 500) {
      failures.add(where);
      return;
    }
    if (reply.status() < 400) {
      return;
    }
    if (!Problems.CONTENT_TYPE.equals(reply.header("Content-Type"))) {
      failures.add(where + " (not a problem)");
      return;
    }
    JsonObject problem = reply.json();
    if (reply.status() != 400 || variant.field() == null || !named
      || BODY_LEVEL.contains(problem.getString("code"))) {
      return;
    }
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      String field = errors.getJsonObject(i).getString("field", "");
      if (names(field, variant.field())) {
        return;
      }
    }
    failures.add(where + " (does not name " + variant.field() + ")");
  }

  /** Problems about the body as a whole: nothing inside it can be named. */
  private static final List<String> BODY_LEVEL = List.of("malformed_json", "body_too_complex", "body_too_large");

  private static boolean names(String reported, String field) {
    String r = reported.toLowerCase(Locale.ROOT);
    String f = field.toLowerCase(Locale.ROOT);
    return r.equals(f) || f.startsWith(r + ".") || r.startsWith(f + ".");
  }

  // ---- the shop the walk runs in ----

  private void fixtures(Vertx vertx) {
    ShopFixture shop = new ShopFixture(api, vertx);
    admin = shop.admin();
    String email = "walker-" + UUID.randomUUID() + "@example.com";
    String userId = api.register(email).getString("id");
    customer = api.logIn(email, Api.PASSWORD).getString("access_token");
    JsonObject product = shop.product("WALK", 1999, 50);
    String skuId = ShopFixture.firstSkuId(product);
    String saleSku = shop.sku("WALKSALE", 2999, 50);
    ids = new java.util.HashMap<>();
    ids.put("user_id", userId);
    ids.put("product_id", product.getString("id"));
    ids.put("slug", product.getString("slug"));
    ids.put("sku_id", skuId);
    ids.put("order_id", shop.order(customer, skuId, 1));
    ids.put("address_id", created(api.post("/api/v1/me/addresses", customer, ShopFixture.ADDRESS)));
    ids.put("category_id", created(api.post("/api/v1/admin/categories", admin,
      new JsonObject().put("slug", "walked-category").put("name", "Walked"))));
    ids.put("parent_id", ids.get("category_id"));
    ids.put("ticket_id", created(api.post("/api/v1/support/tickets", customer,
      new JsonObject().put("subject", "Where is it?").put("body", "My parcel is late."))));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    ids.put("flash_sale_id", created(api.post("/api/v1/admin/flash-sales", admin, new JsonObject()
      .put("sku_id", saleSku).put("sale_amount", 999).put("quantity", 5)
      .put("starts_at", now.plusHours(1).toString()).put("ends_at", now.plusHours(2).toString()))));
    ids.put("price_id", created(api.post("/api/v1/admin/skus/" + skuId + "/scheduled-prices", admin,
      new JsonObject().put("amount", 1499).put("starts_at", now.plusDays(1).toString()))));
  }

  private static String created(Reply reply) {
    assertTrue(reply.status() == 200 || reply.status() == 201, reply::toString);
    return reply.json().getString("id");
  }

  /** Row counts and latest updates of the shop's tables, in one query. */
  private static String fingerprintSql() {
    List<String> parts = new ArrayList<>();
    Wait.forResult(TestServer.db().query("SELECT table_name, bool_or(column_name = 'updated_at') FROM "
      + "information_schema.columns WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name").execute())
      .forEach(row -> {
        String table = row.getString(0);
        if (!NOT_FINGERPRINTED.contains(table)) {
          String updated = row.getBoolean(1)
            ? " || '@' || coalesce((SELECT max(updated_at)::text FROM " + table + "), '-')" : "";
          parts.add("'" + table + "=' || (SELECT count(*) FROM " + table + ")" + updated);
        }
      });
    return "SELECT " + String.join(" || ',' || ", parts);
  }

  /**
   * A 202 accepted work that goes on after the answer (a training, an erasure, a purchase's order): waits until it
   * is done, so that it does not pass for a change made by a later operation's hostile variants.
   */
  private void settle() {
    Wait.until("the trainings to end", Duration.ofSeconds(60),
      () -> List.of(trainingState("recommendations"), trainingState("predictions")),
      states -> states.stream().allMatch("idle"::equals));
    String[] last = {fingerprint()};
    Wait.until("the data to stop changing", Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      String now = fingerprint();
      boolean still = now.equals(last[0]);
      last[0] = now;
      return still;
    }, still -> still);
  }

  private String trainingState(String model) {
    Reply status = api.get("/api/v1/admin/" + model + "/status", admin);
    assertEquals(200, status.status(), status::toString);
    return status.json().getString("state");
  }

  /** The tables whose row count or latest update differ, as "before -> after". */
  private static String changed(String before, String after) {
    List<String> was = List.of(before.split(","));
    List<String> is = List.of(after.split(","));
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < Math.min(was.size(), is.size()); i++) {
      if (!was.get(i).equals(is.get(i))) {
        changes.add(was.get(i) + " -> " + is.get(i));
      }
    }
    return String.join("; ", changes);
  }

  private String fingerprint() {
    return Wait.forResult(TestServer.db().query(fingerprintSql).execute()).iterator().next().getString(0);
  }
}
