package io.surge.console;

import io.surge.storefront.Browsers;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.SurgeServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.surge.storefront.Browsers.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A customer account is refused everywhere under the admin API, and the console shows it nothing of the shop. */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ConsoleAccessTest {

  @Test
  @DisplayName("a customer's token gets 403 on every admin operation in the API document, before its body or parameters are looked at")
  void everyAdminOperationRefusesACustomer(Vertx vertx) {
    Api api = new Api(vertx);
    String customer = api.customerToken();
    JsonObject paths = api.get("/api/v1/openapi.json", null).json().getJsonObject("paths");
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Object> path : paths) {
      if (!path.getKey().startsWith("/api/v1/admin/")) {
        continue;
      }
      String concrete = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
      for (String method : ((JsonObject) path.getValue()).fieldNames()) {
        if (method.equals("parameters")) {
          continue;
        }
        Reply reply = api.call(HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)), concrete)
          .bearer(customer).header("Idempotency-Key", UUID.randomUUID().toString()).send(new JsonObject());
        checked++;
        // the role check runs before the contract's validation: the empty body (invalid for most writes) and the
        // random ids must not turn the answer into a 400 that tells a customer what the operation takes
        if (reply.status() != 403) {
          wrong.add(method + " " + path.getKey() + " -> " + reply.status());
        }
      }
    }
    assertTrue(checked >= 30, "admin operations found: " + checked);
    assertEquals(List.of(), wrong);
  }

  @Test
  @DisplayName("the role check comes first: a customer's malformed body or query gets 403, an admin's the 400 naming the field")
  void roleBeforeValidation(Vertx vertx) {
    Api api = new Api(vertx);
    String customer = api.customerToken();
    String admin = api.adminToken();
    JsonObject bad = new JsonObject().put("slug", "draft-x").put("title", 5);
    Reply refused = api.post("/api/v1/admin/products", customer, bad);
    assertEquals(403, refused.status(), refused::toString);
    Reply invalid = api.post("/api/v1/admin/products", admin, bad);
    assertEquals(400, invalid.status(), invalid::toString);
    assertTrue(invalid.body().toString().contains("title"), invalid::toString);
    assertEquals(403, api.get("/api/v1/admin/orders?status=lost", customer).status());
    Reply badQuery = api.get("/api/v1/admin/orders?status=lost", admin);
    assertEquals(400, badQuery.status(), badQuery::toString);
    assertEquals("status", badQuery.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("a customer signing in to the console sees no section and no shop data, and is signed out")
  void customerSeesNoConsole(Vertx vertx) {
    Browsers.assumeBrowser();
    Api api = new Api(vertx);
    String email = "not-staff-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = ConsoleBrowserTest.signIn(browsers, email, Api.PASSWORD);
      waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-access")));
      assertEquals(0, browser.findElements(By.cssSelector("#sections a")).size(), "no section in the menu");
      assertEquals(0, browser.findElements(By.cssSelector("table, .tiles, .chart")).size(), "no shop data");
      ConsoleBrowserTest.shoot(browser, "no-access");
      browser.get(browser.getCurrentUrl().replaceAll("#.*", "") + "#/orders");
      browser.navigate().refresh();
      waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-email")));
      assertEquals(0, browser.findElements(By.cssSelector("table")).size(), "an admin link shows the sign-in only");
    }
  }
}
