package io.surge.storefront;

import io.surge.support.Agents;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.UUID;

import static io.surge.storefront.Browsers.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference storefront in a real headless Chromium, as a shopper uses it: search with a typo, a product's SKUs
 * into a guest cart, register (the cart merges), check out with a new address, pay on the sandbox's page and watch the
 * order turn paid without a reload; then the support chat with an agent in a second browser.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class StorefrontBrowserTest {

  @RegisterExtension
  final Browsers browsers = new Browsers();

  @Test
  @DisplayName("a guest finds a product through a typo, carts two SKUs, registers (cart merged), checks out, pays on the sandbox page and sees the order turn paid live; then chats with an agent")
  void shopperJourney(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String slug = "quillon-parka-" + tag;
    shop.product(new JsonObject().put("slug", slug).put("title", "Quillon Parka " + tag).put("brand", "Northwind")
      .put("description", "A warm waterproof parka for winter walks.").put("status", "active"),
      ShopFixture.skuBody("QP-" + tag + "-M", 12900, 5).put("options", new JsonObject().put("size", "M")),
      ShopFixture.skuBody("QP-" + tag + "-L", 13900, 5).put("options", new JsonObject().put("size", "L")),
      ShopFixture.skuBody("QP-" + tag + "-XL", 13900, 0).put("options", new JsonObject().put("size", "XL")));

    WebDriver browser = browsers.open();
    browser.get(TestServer.baseUrl() + "/shop/");
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#view .grid")));
    browsers.screenshot(browser, "home");

    // a typo ("Quilon"): the search still finds the parka, and suggestions come while typing
    WebElement q = browser.findElement(By.id("q"));
    q.sendKeys("Quillon Park");
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#suggestions li")));
    q.clear();
    q.sendKeys("Quilon parka\n");
    By result = By.cssSelector("#view a[href='#/p/" + slug + "']");
    waitFor(browser).until(ExpectedConditions.elementToBeClickable(result));
    browsers.screenshot(browser, "search");
    browser.findElement(result).click();

    // only real SKUs: XL exists but is out of stock, so it cannot be added
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Quillon Parka"));
    assertEquals(3, browser.findElements(By.cssSelector("input[name=sku]")).size());
    browsers.screenshot(browser, "product");
    addSku(browser, "QP-" + tag + "-M");
    addSku(browser, "QP-" + tag + "-L");
    browser.findElement(By.cssSelector("input[data-code='QP-" + tag + "-XL']")).click();
    assertTrue(!browser.findElement(By.id("add-to-cart")).isEnabled(), "an out-of-stock SKU cannot be added");
    waitFor(browser).until(ExpectedConditions.textToBe(By.id("cart-count"), "2"));

    browser.get(TestServer.baseUrl() + "/shop/#/cart");
    waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#cart-lines > li"), 2));
    browsers.screenshot(browser, "cart-guest");
    browser.findElement(By.id("to-checkout")).click();
    waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("register-link"))).click();
    String email = "shopper-" + tag + "@example.com";
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("register-name")))
      .sendKeys("Ada Shopper");
    browser.findElement(By.id("register-email")).sendKeys(email);
    browser.findElement(By.id("register-password")).sendKeys(Api.PASSWORD);
    browser.findElement(By.id("register-button")).click();

    // signed in: the guest cart merged into the user's (the badge and the cart from the server say so)
    waitFor(browser).until(ExpectedConditions.textToBe(By.tagName("h1"), "Checkout"));
    waitFor(browser).until(ExpectedConditions.textToBe(By.id("cart-count"), "2"));
    assertEquals("Account", browser.findElement(By.id("nav-account")).getText());

    // a new address; then the sandbox's payment page (its webhooks held back, so the page must learn "paid" live)
    browser.findElement(By.id("ship-recipient")).sendKeys("Ada Shopper");
    browser.findElement(By.id("ship-line1")).sendKeys("12 St James's Square");
    browser.findElement(By.id("ship-postal_code")).sendKeys("SW1Y 4JH");
    browser.findElement(By.id("ship-city")).sendKeys("London");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("ship-country"))).selectByValue("GB");
    browsers.screenshot(browser, "checkout");
    sandboxFaults(vertx, new JsonObject().put("drop_webhooks", true));
    try {
      browser.findElement(By.id("place-order")).click();
      waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[value=succeed]"))).click();
      waitFor(browser).until(ExpectedConditions.textToBe(By.id("status"), "succeeded"));
      browser.findElement(By.id("return")).click();
    } finally {
      sandboxFaults(vertx, new JsonObject());
    }
    waitFor(browser).until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "pending_payment"));
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");
    String orderId = browser.getCurrentUrl().replaceAll(".*#/orders/", "");
    // the provider's answer reaches Surge (reconciliation instead of the held-back webhook); the page hears it live
    Reply reconcile = api.post("/api/v1/admin/payments:reconcile", shop.admin(), new JsonObject());
    assertTrue(reconcile.status() < 300, reconcile::toString);
    waitFor(browser).until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "paid"));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true"));
    assertEquals("paid", api.get("/api/v1/admin/orders/" + orderId, shop.admin()).json().getString("status"));
    browsers.screenshot(browser, "order-paid");

    chatWithAnAgent(api, shop, browser);
  }

  private static void addSku(WebDriver browser, String code) {
    browser.findElement(By.cssSelector("input[data-code='" + code + "']")).click();
    browser.findElement(By.id("add-to-cart")).click();
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("added"), "Added "));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('added').textContent = ''");
  }

  private void chatWithAnAgent(Api api, ShopFixture shop, WebDriver customer) {
    Agents.Agent agentAccount = Agents.create(api, shop.admin());
    String agentEmail = api.get("/api/v1/me", agentAccount.token()).json().getString("email");
    WebDriver agent = browsers.open();
    agent.get(TestServer.baseUrl() + "/support/agent.html");
    waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(agentEmail);
    agent.findElement(By.id("password")).sendKeys(Api.PASSWORD);
    agent.findElement(By.id("login-button")).click();
    waitFor(agent).until(ExpectedConditions.textToBe(By.id("connection"), "online"));

    customer.findElement(By.id("help-open")).click();
    waitFor(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("first")))
      .sendKeys("Where is my parka?");
    customer.findElement(By.id("start-button")).click();
    waitFor(agent).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.theirs .text"),
      "Where is my parka?"));
    agent.findElement(By.id("text")).sendKeys("It ships today.");
    agent.findElement(By.id("send")).click();
    waitFor(customer).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.theirs .text"),
      "It ships today."));
    browsers.screenshot(customer, "chat");
  }

  private static void sandboxFaults(Vertx vertx, JsonObject faults) {
    String base = TestServer.config().getJsonObject("payments").getString("baseUrl");
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx);
    try {
      int status = io.surge.support.Wait.forResult(client.putAbs(base + "/sandbox/faults").sendJsonObject(faults))
        .statusCode();
      assertEquals(200, status);
    } finally {
      client.close();
    }
  }
}
