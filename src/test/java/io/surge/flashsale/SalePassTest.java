package io.surge.flashsale;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class SalePassTest {

  private Vertx vertx;
  private Api api;
  private FlashSaleFixtures sales;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    api = new Api(vertx);
    sales = new FlashSaleFixtures(api, vertx);
  }

  @Test
  @DisplayName("a buyer takes a sale pass before the rush and buys with it alone; the order is theirs")
  void buyWithPass() {
    String saleId = sales.liveSale("FS-PASS", 5, 1).getString("id");
    String token = api.customerToken();
    Reply issued = api.post("/api/v1/flash-sales/" + saleId + "/pass", token, null);
    assertEquals(200, issued.status(), issued::toString);
    assertEquals("X-Flash-Pass", issued.json().getString("header"));
    assertEquals("no-store", issued.header("Cache-Control"));
    Instant expires = Instant.parse(issued.json().getString("expires_at"));
    assertTrue(expires.isAfter(Instant.now()) && expires.isBefore(Instant.now().plusSeconds(901)),
      "lives at most passTtlSeconds");

    Reply bought = buyWithPass(issued.json().getString("pass"), saleId, "pass-key-1");
    assertEquals(202, bought.status(), bought::toString);
    Reply order = api.get("/api/v1/orders/" + bought.json().getString("order_id"), token);
    assertEquals(200, order.status(), "the pass bought for the buyer it names");
    Reply again = buyWithPass(issued.json().getString("pass"), saleId, "pass-key-1");
    assertEquals(bought.json(), again.json(), "a replay with the pass gets the first answer");
    Reply overLimit = buyWithPass(issued.json().getString("pass"), saleId, "pass-key-2");
    assertEquals(409, overLimit.status(), "the per-user limit holds");
    assertEquals("purchase_limit", overLimit.code());
  }

  @Test
  @DisplayName("a pass buys only in its own sale, cannot be forged or altered, and opens no other route")
  void passIsBound() {
    String saleId = sales.liveSale("FS-PASS-A", 5, 1).getString("id");
    String otherSale = sales.liveSale("FS-PASS-B", 5, 1).getString("id");
    String pass = api.post("/api/v1/flash-sales/" + saleId + "/pass", api.customerToken(), null).json()
      .getString("pass");

    Reply elsewhere = buyWithPass(pass, otherSale, "k1");
    assertEquals(403, elsewhere.status(), elsewhere::toString);
    String[] parts = pass.split("\\.");
    byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
    payload[payload.length - 9] ^= 1; // a later expiry
    String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[2];
    assertEquals(401, buyWithPass(altered, saleId, "k2").status());
    assertEquals(401, buyWithPass("fp1.AAAA.BBBB", saleId, "k3").status());
    assertEquals(401, api.call(HttpMethod.GET, "/api/v1/me").header("X-Flash-Pass", pass).send().status(),
      "only the purchase accepts a pass");
    assertEquals(401, api.post("/api/v1/flash-sales/" + saleId + "/pass", null, null).status(),
      "a pass needs a signed-in buyer");
    assertEquals(0, io.surge.support.TestServer.count("SELECT count(*) FROM flash_purchases"), "nothing was bought");
  }

  @Test
  @DisplayName("a pass ends with the buyer's sessions: after a password change it buys nothing and no new one is given")
  void passEndsWithSession() {
    String saleId = sales.liveSale("FS-PASS-REVOKED", 5, 2).getString("id");
    String email = "pass-" + java.util.UUID.randomUUID() + "@example.com";
    api.register(email);
    String token = api.logIn(email, Api.PASSWORD).getString("access_token");
    String pass = api.post("/api/v1/flash-sales/" + saleId + "/pass", token, null).json().getString("pass");
    assertEquals(202, buyWithPass(pass, saleId, "before").status(), "the pass works while the session lives");

    Reply changed = api.post("/api/v1/me/password", token, new io.vertx.core.json.JsonObject()
      .put("current_password", Api.PASSWORD).put("new_password", "a-brand-new-passphrase"));
    assertEquals(204, changed.status(), changed::toString);
    assertEquals(401, buyWithPass(pass, saleId, "after").status(), "the old pass is refused");
    assertEquals(401, api.post("/api/v1/flash-sales/" + saleId + "/pass", token, null).status(),
      "the old token gets no new pass");
    String fresh = api.logIn(email, "a-brand-new-passphrase").getString("access_token");
    String newPass = api.post("/api/v1/flash-sales/" + saleId + "/pass", fresh, null).json().getString("pass");
    assertEquals(202, buyWithPass(newPass, saleId, "after").status(), "a pass from the new login works");
  }

  @Test
  @DisplayName("no pass for a sale that ended or was cancelled (410) or does not exist (404)")
  void noPassAfterTheEnd() {
    String saleId = sales.liveSale("FS-PASS-END", 2, 1).getString("id");
    assertEquals(200, api.post("/api/v1/admin/flash-sales/" + saleId + "/cancel", sales.admin, null).status());
    Reply ended = api.post("/api/v1/flash-sales/" + saleId + "/pass", api.customerToken(), null);
    assertEquals(410, ended.status(), ended::toString);
    assertEquals("cancelled", ended.code(), "a cancelled sale says so, not 'ended'");
    assertEquals(404,
      api.post("/api/v1/flash-sales/" + java.util.UUID.randomUUID() + "/pass", api.customerToken(), null).status());
  }

  @Test
  @DisplayName("after the sell-out, a buyer who retries with the same key gets the first answer on every instance, never 410")
  void replayAfterSellOut() {
    String saleId = sales.liveSale("FS-REPLAY", 1, 1).getString("id");
    String buyer = api.customerToken();
    Reply first = Wait.forResult(sales.buy(buyer, saleId, "lost-202"));
    assertEquals(202, first.status(), first::toString);
    // Fresh connections are spread over the server's event loops: each one learns the sale is sold out.
    List<String> latecomers = sales.buyers(6);
    for (int i = 0; i < latecomers.size(); i++) {
      Reply late = freshBuy(latecomers.get(i), saleId, "late-" + i);
      assertEquals(410, late.status(), late::toString);
    }
    for (int i = 0; i < 6; i++) {
      Reply replay = freshBuy(buyer, saleId, "lost-202");
      assertEquals(202, replay.status(), "replay " + i + ": " + replay);
      assertEquals(first.json(), replay.json());
    }
  }

  private Reply freshBuy(String token, String saleId, String key) {
    return Wait
      .forResult(new Api(vertx).call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases").bearer(token)
        .header("Idempotency-Key", key).sendAsync(null, null));
  }

  private Reply buyWithPass(String pass, String saleId, String key) {
    Future<Reply> reply = api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases")
      .header("X-Flash-Pass", pass).header("Idempotency-Key", key).sendAsync(null, null);
    return Wait.forResult(reply);
  }
}
