package io.surge.storefront;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.surge.storefront.Browsers.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ten shoppers, each signed in in a tab of their own (a tab's sessionStorage is its own session), press "Buy now" as
 * a 3-unit flash sale opens: exactly three hear "accepted" and see their order, seven hear "sold out".
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class FlashSaleBrowserTest {

  private static final int SHOPPERS = 10;
  private static final int UNITS = 3;
  /** Time to open the sale's page in every tab before it starts. */
  private static final int OPENS_IN_SECONDS = 15;

  @RegisterExtension
  final Browsers browsers = new Browsers();

  @Test
  @DisplayName("ten shoppers press buy as a 3-unit sale opens: 3 accepted and each sees its order, 7 sold out")
  void tenShoppersThreeUnits(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    WebDriver browser = browsers.open();
    List<String> tabs = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      String email = "flash-" + tag + "-" + i + "@example.com";
      api.register(email);
      String refresh = api.logIn(email, Api.PASSWORD).getString("refresh_token");
      if (i > 0) {
        browser.switchTo().newWindow(WindowType.TAB);
      }
      tabs.add(browser.getWindowHandle());
      browser.get(TestServer.baseUrl() + "/shop/");
      // signed in as the storefront keeps a session: the refresh token in this tab's sessionStorage
      ((JavascriptExecutor) browser).executeScript(
        "sessionStorage.setItem('surge.shop.refresh', arguments[0]); location.replace('/shop/?tab=' + arguments[1] + '#/')",
        refresh, i);
      waitFor(browser).until(ExpectedConditions.textToBe(By.id("nav-account"), "Account"));
    }

    String skuId = shop.sku("FSB-" + tag, 9900, UNITS * 2);
    Reply created = api.post("/api/v1/admin/flash-sales", shop.admin(), new JsonObject().put("sku_id", skuId)
      .put("sale_amount", 4900).put("quantity", UNITS).put("per_user_limit", 1).put("payment_window_minutes", 15)
      .put("starts_at", Instant.now().plusSeconds(OPENS_IN_SECONDS).toString())
      .put("ends_at", Instant.now().plusSeconds(600).toString()));
    assertEquals(201, created.status(), created::toString);
    String saleId = created.json().getString("id");
    // each shopper waits on the countdown with a finger on the button: it presses (twice: a double click is one
    // purchase) the moment the page enables it, so all ten press at the start
    for (String tab : tabs) {
      browser.switchTo().window(tab);
      ((JavascriptExecutor) browser).executeScript("location.hash = '#/flash/' + arguments[0]", saleId);
      waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("buy")));
      ((JavascriptExecutor) browser).executeScript("const t = setInterval(() => {"
        + " const b = document.getElementById('buy'); if (b && !b.disabled) { b.click(); b.click(); clearInterval(t); }"
        + " }, 10);");
    }
    browsers.screenshot(browser, "flash-countdown");
    int accepted = 0;
    int soldOut = 0;
    for (String tab : tabs) {
      browser.switchTo().window(tab);
      waitFor(browser).until(d -> {
        String outcome = d.findElement(By.id("buy-result")).getAttribute("data-outcome");
        return "accepted".equals(outcome) || "sold_out".equals(outcome);
      });
      if ("accepted".equals(browser.findElement(By.id("buy-result")).getAttribute("data-outcome"))) {
        accepted++;
        // the order appears on the page (written before the 202), awaiting payment
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-order-link"),
          "Awaiting payment"));
        if (accepted == 1) {
          browsers.screenshot(browser, "flash-accepted");
        }
      } else {
        soldOut++;
        // the sale's window is still open, but its heading says what the button says: nothing left to buy
        waitFor(browser).until(ExpectedConditions.textToBe(By.id("countdown"), "Sold out"));
        if (soldOut == 1) {
          browsers.screenshot(browser, "flash-sold-out");
        }
      }
    }
    assertEquals(UNITS, accepted);
    assertEquals(SHOPPERS - UNITS, soldOut);
    TestServer.awaitOrdersWrittenOut();
    assertEquals(UNITS, TestServer.count("SELECT count(*) FROM orders o JOIN flash_purchases p ON p.order_id = o.id "
      + "WHERE p.sale_id = '" + saleId + "'"));
  }
}
