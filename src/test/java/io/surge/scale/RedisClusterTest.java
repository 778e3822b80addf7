package io.surge.scale;

import io.surge.Infrastructure;
import io.surge.dev.EmbeddedRedisCluster;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.RoundRobinProxy;
import io.surge.support.ServerProcess;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Surge on a real Redis Cluster (3 masters, 3 replicas, from the embedded Redis binary): two server processes with
 * {@code redis.type=cluster} behind a round-robin proxy, sharing the test server's PostgreSQL and Kafka. Every Redis
 * use keeps its promise there: the flash-sale gate (Lua scripts on hash-tagged keys), carts (and the guest merge),
 * the login throttle, pub/sub between the processes (cache invalidation, session endings), and a sale that loses the
 * master of its slot in the middle of a stampede. The test server itself keeps its own single Redis.
 */
@ExtendWith(SurgeServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisClusterTest.class);

  private static Vertx vertx;
  private static EmbeddedRedisCluster cluster;
  private static Redis clusterClient;
  private static List<ServerProcess> servers;
  private static RoundRobinProxy proxy;

  @BeforeAll
  static void startClusterAndProcesses() throws IOException {
    vertx = Vertx.vertx();
    cluster = EmbeddedRedisCluster.start(Path.of("target", "redis-cluster"), 3);
    JsonObject redis = new JsonObject().put("type", "cluster").put("uri", cluster.uri()).put("poolSize", 4);
    clusterClient = Infrastructure.redis(vertx, redis);
    servers = ServerProcess.startAll(2, "256m", config -> config.put("redis", redis.copy()));
    proxy = RoundRobinProxy.start(vertx, servers.stream().map(ServerProcess::port).toList());
  }

  @AfterAll
  static void stopAll() {
    if (proxy != null) {
      proxy.close();
    }
    if (servers != null) {
      servers.forEach(ServerProcess::close);
    }
    if (clusterClient != null) {
      clusterClient.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    Wait.forResult(vertx.close());
  }

  private static Api through(int port) {
    return new Api(vertx, port, 64);
  }

  private static RedisAPI onCluster() {
    return RedisAPI.api(clusterClient);
  }

  @Test
  @Order(1)
  @DisplayName("a stampede over two processes on the cluster sells exactly the quantity, every 202 an order, and the "
    + "sale's gate lives in the cluster")
  void stampede() {
    SaleCrowd crowd = new SaleCrowd(through(proxy.port()), vertx);
    String saleId = crowd.liveSale("RC-STAMPEDE", 50);
    List<Future<Reply>> replies = buyAll(crowd, saleId, crowd.buyers(250));
    Wait.forResult(Future.all(replies));
    assertSoldExactly(crowd, saleId, replies, 50);
    Response stock = Wait.forResult(onCluster().hget("surge:fs:{" + saleId + "}", "stock"));
    assertNotNull(stock, "the gate is in the cluster, under the hash-tagged key");
    assertEquals(0, stock.toInteger());
  }

  @Test
  @Order(2)
  @DisplayName("a cart written through one process is read through the other, and a guest cart merges at sign-in "
    + "(two carts in two slots)")
  void cartSurvives() {
    Api first = through(servers.get(0).port());
    Api second = through(servers.get(1).port());
    ShopFixture shop = new ShopFixture(first, vertx);
    String mug = shop.sku("RC-MUG", 900, 4);
    String cup = shop.sku("RC-CUP", 450, 10);
    String email = "cluster-cart-" + UUID.randomUUID() + "@example.com";
    first.register(email);
    String user = first.logIn(email, Api.PASSWORD).getString("access_token");
    assertEquals(200, putLine(first, user, null, mug, 2).status());
    assertEquals(2, quantity(cart(second, user, null), mug), "the other process reads the same cart");

    Reply guestPut = putLine(second, null, null, mug, 3);
    String token = guestPut.header("X-Cart-Token");
    assertNotNull(token, guestPut.toString());
    assertEquals(200, putLine(first, null, token, cup, 2).status());
    Reply login = second.post("/api/v1/auth/token", null,
      new JsonObject().put("email", email).put("password", Api.PASSWORD).put("cart_token", token));
    assertEquals(200, login.status(), login::toString);
    JsonObject merged = cart(first, login.json().getString("access_token"), null);
    assertEquals(4, quantity(merged, mug), "2 + 3 capped at the 4 in stock");
    assertEquals(2, quantity(merged, cup));
    assertEquals(0, Wait.forResult(onCluster().exists(List.of("surge:cart:guest:" + token))).toInteger(),
      "the guest cart is gone");
  }

  @Test
  @Order(3)
  @DisplayName("failed logins counted on the cluster throttle the account whichever process is asked")
  void loginThrottle() {
    Api first = through(servers.get(0).port());
    Api second = through(servers.get(1).port());
    String email = "cluster-throttle-" + UUID.randomUUID() + "@example.com";
    first.register(email);
    for (int i = 0; i < 10; i++) {
      Api api = i % 2 == 0 ? first : second;
      assertEquals(401, api.post("/api/v1/auth/token", null,
        new JsonObject().put("email", email).put("password", "guess-number-" + i)).status());
    }
    for (Api api : List.of(first, second)) {
      Reply limited = api.post("/api/v1/auth/token", null,
        new JsonObject().put("email", email).put("password", Api.PASSWORD));
      assertEquals(429, limited.status(), limited::toString);
      assertNotNull(limited.header("Retry-After"));
    }
  }

  @Test
  @Order(4)
  @DisplayName("pub/sub across the cluster: a price change through one process reaches the other's cache, a logout "
    + "through one is refused by the other")
  void pubSubAcrossProcesses() {
    Api first = through(servers.get(0).port());
    Api second = through(servers.get(1).port());
    ShopFixture shop = new ShopFixture(first, vertx);
    JsonObject product = shop.product("RC-KETTLE", 4000, 5);
    String path = "/api/v1/products/" + product.getString("id");
    assertEquals(4000, price(second, path), "cached at the old price first");
    Reply changed = first.call(HttpMethod.PUT, "/api/v1/admin/skus/" + ShopFixture.firstSkuId(product) + "/price")
      .bearer(shop.admin()).send(new JsonObject().put("amount", 3200));
    assertEquals(200, changed.status(), changed::toString);
    Wait.until("the new price on the other process", Duration.ofSeconds(2), Duration.ofMillis(20),
      () -> price(second, path), price -> price == 3200);

    String email = "cluster-session-" + UUID.randomUUID() + "@example.com";
    first.register(email);
    String access = first.logIn(email, Api.PASSWORD).getString("access_token");
    assertEquals(200, second.get("/api/v1/me", access).status());
    Reply ended = first.post("/api/v1/auth/logout-everywhere", access, null);
    assertEquals(204, ended.status(), ended::toString);
    Wait.until("the other process refuses the ended session", Duration.ofSeconds(2), Duration.ofMillis(20),
      () -> second.get("/api/v1/me", access).status(), status -> status == 401);
  }

  @Test
  @Order(5)
  @DisplayName("the master holding the sale's slot is killed mid-stampede: its replica takes over, still exactly the "
    + "quantity sold and every 202 an order")
  void masterFailoverMidStampede() {
    SaleCrowd crowd = new SaleCrowd(through(proxy.port()), vertx);
    String saleId = crowd.liveSale("RC-FAILOVER", 100);
    String gateKey = "surge:fs:{" + saleId + "}";
    int before = cluster.masterPortOf(gateKey);
    List<Future<Reply>> replies = buyAll(crowd, saleId, crowd.buyers(500));
    long acceptedBeforeKill = Wait.until("the stampede has bought some units", Duration.ofSeconds(30),
      Duration.ofMillis(10), () -> accepted(replies), accepted -> accepted >= 10);
    cluster.killMasterOf(gateKey);
    long acceptedAtFailover = accepted(replies);
    assertNotEquals(before, cluster.masterPortOf(gateKey), "a replica serves the sale's slot now");
    assertTrue(acceptedBeforeKill < 100 && acceptedAtFailover < 100,
      "the master died mid-stampede, not after it: " + acceptedBeforeKill + " accepted at the kill, "
        + acceptedAtFailover + " when the replica had taken over");
    Wait.until("every buyer has a final answer", Duration.ofSeconds(60), () -> replies.stream()
      .allMatch(Future::isComplete), done -> done);
    assertSoldExactly(crowd, saleId, replies, 100);
    LOG.info("failover mid-stampede: {} accepted at the kill, {} when the replica had taken over; statuses {}",
      acceptedBeforeKill, acceptedAtFailover, crowd.statuses());
  }

  @Test
  @Order(6)
  @DisplayName("after the failover, pub/sub between the processes works again: a price change reaches the other "
    + "process's cache")
  void pubSubAfterFailover() {
    Api first = through(servers.get(0).port());
    Api second = through(servers.get(1).port());
    ShopFixture shop = new ShopFixture(first, vertx);
    JsonObject product = shop.product("RC-TEAPOT", 2500, 5);
    String path = "/api/v1/products/" + product.getString("id");
    assertEquals(2500, price(second, path), "cached at the old price first");
    Reply changed = first.call(HttpMethod.PUT, "/api/v1/admin/skus/" + ShopFixture.firstSkuId(product) + "/price")
      .bearer(shop.admin()).send(new JsonObject().put("amount", 1900));
    assertEquals(200, changed.status(), changed::toString);
    Wait.until("the new price on the other process", Duration.ofSeconds(2), Duration.ofMillis(20),
      () -> price(second, path), price -> price == 1900);
  }

  private static long accepted(List<Future<Reply>> replies) {
    return replies.stream().filter(r -> r.isComplete() && r.succeeded() && r.result().status() == 202).count();
  }

  private static List<Future<Reply>> buyAll(SaleCrowd crowd, String saleId, List<String> buyers) {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < buyers.size(); i++) {
      replies.add(crowd.buyUntilAnswered(buyers.get(i), saleId, "key-" + i));
    }
    return replies;
  }

  private static void assertSoldExactly(SaleCrowd crowd, String saleId, List<Future<Reply>> replies, int quantity) {
    Set<String> accepted = replies.stream().map(Future::result).filter(r -> r.status() == 202)
      .map(r -> r.json().getString("purchase_id")).collect(Collectors.toSet());
    String seen = "statuses seen: " + crowd.statuses() + ", connection errors: " + crowd.connectionErrors();
    assertEquals(quantity, accepted.size(), seen);
    assertEquals(accepted, SaleCrowd.orderedPurchases(saleId), "every 202 is an order, and every order was a 202");
    assertTrue(replies.stream().allMatch(r -> r.result().status() == 202 || r.result().status() == 410), seen);
    assertTrue(crowd.statuses().keySet().stream().allMatch(s -> s < 500 || s == 503), seen);
  }

  private static Reply putLine(Api api, String bearer, String cartToken, String sku, int quantity) {
    Api.Call call = api.call(HttpMethod.PUT, "/api/v1/cart/items/" + sku).bearer(bearer);
    if (cartToken != null) {
      call.header("X-Cart-Token", cartToken);
    }
    return call.send(new JsonObject().put("quantity", quantity));
  }

  private static JsonObject cart(Api api, String bearer, String cartToken) {
    Api.Call call = api.call(HttpMethod.GET, "/api/v1/cart").bearer(bearer);
    if (cartToken != null) {
      call.header("X-Cart-Token", cartToken);
    }
    Reply reply = call.send();
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private static Integer quantity(JsonObject cart, String skuId) {
    JsonObject line = cart.getJsonArray("lines").stream().map(JsonObject.class::cast)
      .filter(l -> skuId.equals(l.getString("sku_id"))).findFirst().orElse(null);
    assertNotNull(line, "no line for " + skuId + " in " + cart);
    return line.getInteger("quantity");
  }

  private static long price(Api api, String path) {
    return api.get(path, null).json().getJsonArray("skus").getJsonObject(0).getJsonObject("price").getLong("amount");
  }
}
