package io.surge.console;

import io.surge.storefront.Browsers;
import io.surge.support.Agents;
import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.surge.storefront.Browsers.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merchant's console in a real headless Chromium: an admin signs in, builds a product with two SKUs and an
 * image and schedules its sale price (the public API follows at the start), then ships a paid order (the customer's
 * order reads shipped). Every page is photographed under target/console-screenshots.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ConsoleBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private Browsers browsers;

  @BeforeEach
  void browsers() {
    Browsers.assumeBrowser();
    browsers = new Browsers();
  }

  @AfterEach
  void close() {
    if (browsers != null) {
      browsers.close();
    }
  }

  static WebDriver signIn(Browsers browsers, String email, String password) {
    WebDriver browser = browsers.open();
    browser.get(TestServer.baseUrl() + "/admin/");
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-email"))).sendKeys(email);
    browser.findElement(By.id("signin-password")).sendKeys(password);
    browser.findElement(By.id("signin-button")).click();
    return browser;
  }

  static WebDriver signInAsAdmin(Browsers browsers) {
    JsonObject dev = TestServer.config().getJsonObject("dev");
    WebDriver browser = signIn(browsers, dev.getString("adminEmail"), dev.getString("adminPassword"));
    waitFor(browser).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
    return browser;
  }

  static void open(WebDriver browser, String hash, String heading) {
    browser.get(TestServer.baseUrl() + "/admin/#/" + hash);
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), heading));
  }

  static void shoot(WebDriver browser, String name) {
    Browsers.screenshot(browser, SCREENSHOTS, name);
  }

  @Test
  @DisplayName("an admin creates a product with two SKUs and an image and schedules a sale price; the public API shows the base price, then the sale price from its start")
  void productWithScheduledPrice(Vertx vertx) throws IOException {
    Api api = new Api(vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    WebDriver browser = signInAsAdmin(browsers);
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#orders-chart .uplot")));
    shoot(browser, "dashboard");

    open(browser, "catalog", "Catalog");
    shoot(browser, "catalog");
    browser.findElement(By.id("new-product")).click();
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("product-title")))
      .sendKeys("Harbour Lamp " + tag);
    assertEquals("harbour-lamp-" + tag, browser.findElement(By.id("product-slug")).getAttribute("value"),
      "the slug follows the title");
    browser.findElement(By.id("product-brand")).sendKeys("Lumen");
    browser.findElement(By.id("product-attributes")).sendKeys("material=brass");
    sku(browser, 0, "HL-" + tag + "-S", "size=S", "4900", "7");
    sku(browser, 1, "HL-" + tag + "-L", "size=L", "6900", "3");
    shoot(browser, "product-new");
    browser.findElement(By.id("create-product")).click();
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Harbour Lamp"));
    String productId = browser.getCurrentUrl().replaceAll(".*#/catalog/", "");

    // an image, through the file chooser of the drop zone
    Path png = Files.createTempFile("lamp", ".png");
    BufferedImage image = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0xE0A030));
    g.fillOval(60, 60, 280, 280);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
    browser.findElement(By.id("image-file")).sendKeys(png.toAbsolutePath().toString());
    waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#images img"), 1));

    // a sale price for the small one, starting a few seconds from now (typed in the browser's own time zone)
    String small = "HL-" + tag + "-S";
    browser.findElement(By.cssSelector("details[data-code='" + small + "'] summary")).click();
    String key = small.replaceAll("[^A-Za-z0-9_-]", "_");
    WebElement amount = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sale-" + key)));
    amount.sendKeys("3900");
    // whole seconds: the form takes seconds, so the start the browser sends is exactly this instant
    Instant start = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
    ((JavascriptExecutor) browser).executeScript("const d = new Date(arguments[1]);"
      + "const p = n => String(n).padStart(2, '0');"
      + "document.getElementById(arguments[0]).value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
      + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());",
      "sale-start-" + key, start.toEpochMilli());
    browser.findElement(By.cssSelector("form[aria-label='Schedule a sale price'] button[type=submit]")).click();
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Harbour Lamp"));
    shoot(browser, "product");

    JsonObject product = api.get("/api/v1/products/harbour-lamp-" + tag, null).json();
    assertEquals(2, product.getJsonArray("skus").size(), product::toString);
    assertEquals(1, product.getJsonArray("images").size(), product::toString);
    assertEquals("brass", product.getJsonObject("attributes").getString("material"));
    if (Instant.now().isBefore(start.minusMillis(500))) {
      assertEquals(4900, publicPrice(api, tag, small), "the base price before the sale starts");
    }
    long sale = Wait.until("the sale price in the public API", Duration.ofSeconds(30),
      () -> publicPrice(api, tag, small), price -> price == 3900);
    assertEquals(3900, sale);
    assertTrue(Instant.now().isAfter(start.minusMillis(50)), "not before its start");
    assertEquals(6900, publicPrice(api, tag, "HL-" + tag + "-L"), "the other SKU keeps its price");

    // the price history records the start a moment after the price changes: wait for it before reopening the page
    String skuId = api.get("/api/v1/products/harbour-lamp-" + tag, null).json().getJsonArray("skus").stream()
      .map(JsonObject.class::cast).filter(sku -> small.equals(sku.getString("code"))).findFirst().orElseThrow()
      .getString("id");
    String admin = api.adminToken();
    Wait.until("the scheduled start in the price history", Duration.ofSeconds(30),
      () -> api.get("/api/v1/admin/skus/" + skuId + "/price-history", admin).body().toString(),
      history -> history.contains("scheduled_start"));
    open(browser, "catalog/" + productId, "Harbour Lamp");
    browser.findElement(By.cssSelector("details[data-code='" + small + "'] summary")).click();
    waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("skus"), "scheduled start"));
    shoot(browser, "product-prices");
    open(browser, "catalog/import", "Bulk import");
    shoot(browser, "import");
  }

  private static long publicPrice(Api api, String tag, String code) {
    JsonObject product = api.get("/api/v1/products/harbour-lamp-" + tag, null).json();
    return product.getJsonArray("skus").stream().map(JsonObject.class::cast)
      .filter(sku -> code.equals(sku.getString("code"))).findFirst().orElseThrow()
      .getJsonObject("price").getLong("amount");
  }

  private static void sku(WebDriver browser, int row, String code, String options, String price, String stock) {
    browser.findElement(By.id("sku-" + row + "-code")).sendKeys(code);
    browser.findElement(By.id("sku-" + row + "-options")).sendKeys(options);
    browser.findElement(By.id("sku-" + row + "-price")).sendKeys(price);
    WebElement onHand = browser.findElement(By.id("sku-" + row + "-on_hand"));
    onHand.clear();
    onHand.sendKeys(stock);
  }

  @Test
  @DisplayName("an admin finds a paid order, ships it with carrier and tracking number, and the customer's order reads shipped")
  void shipAnOrder(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String skuId = shop.sku("SHIP-" + tag, 2500, 10);
    String customer = api.customerToken();
    String orderId = shop.order(customer, skuId, 2);
    // "0…" sorts first among the emptiest SKUs, which the dashboard names
    String empty = "0-EMPTY-" + tag;
    shop.sku(empty, 1200, 0);
    Reply paid = api.post("/api/v1/admin/orders/" + orderId + "/mark-paid", shop.admin(), null);
    assertEquals(200, paid.status(), paid::toString);

    WebDriver browser = signInAsAdmin(browsers);
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tile-to-ship strong")));
    open(browser, "orders?status=paid", "Orders");
    waitFor(browser)
      .until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href='#/orders/" + orderId + "']")));
    shoot(browser, "orders");
    browser.findElement(By.cssSelector("a[href='#/orders/" + orderId + "']")).click();
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("ship-carrier"))).sendKeys("DHL");
    browser.findElement(By.id("ship-tracking")).sendKeys("JD0146" + tag);
    shoot(browser, "order-paid");
    browser.findElement(By.id("ship-button")).click();
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("deliver-button")));
    assertTrue(browser.findElement(By.id("order-history")).getText().contains("shipped"));
    shoot(browser, "order-shipped");

    JsonObject seen = api.get("/api/v1/orders/" + orderId, customer).json();
    assertEquals("shipped", seen.getString("status"), seen::toString);
    assertEquals("DHL", seen.getString("carrier"));
    assertEquals("JD0146" + tag, seen.getString("tracking_number"));

    open(browser, "dashboard", "Dashboard");
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#orders-chart .uplot")));
    // the server's aggregates: this order counts in today's bar; the empty SKU is named under low stock
    assertTrue(browser.findElement(By.id("orders-summary")).getText().contains("paid order"),
      browser.findElement(By.id("orders-summary")).getText());
    WebElement lowTile = browser.findElement(By.id("tile-low-stock"));
    assertTrue(lowTile.getAttribute("href").endsWith("#/catalog?status=active&low_stock=true"),
      lowTile.getAttribute("href"));
    assertTrue(Integer.parseInt(lowTile.findElement(By.tagName("strong")).getText()) >= 1, lowTile.getText());
    assertTrue(browser.findElement(By.id("low-stock")).getText().contains(empty),
      browser.findElement(By.id("low-stock")).getText());
    shoot(browser, "dashboard-one-order");
    // the tile opens the catalog filtered to what is low on stock, drafts and all read from the admin list
    lowTile.click();
    waitFor(browser)
      .until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-list"), "Product " + empty));
    assertTrue(browser.findElement(By.id("catalog-low-stock")).isSelected());
    assertTrue(!browser.findElement(By.id("catalog-list")).getText().contains("SHIP-" + tag),
      "a product with stock left is not listed");
    shoot(browser, "catalog-low-stock");
    open(browser, "customers?email=" + "shopper-", "Customers");
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main table")));
    shoot(browser, "customers");
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("shopper-"), "found by part of the email");
    // the customer page reads the account by id: its name, roles to change, and the repurchase insight's card
    open(browser, "customers/" + seen.getString("user_id"), "Test shopper-");
    waitFor(browser)
      .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href='#/orders/" + orderId + "']")));
    assertTrue(browser.findElement(By.id("role-customer")).isSelected());
    assertTrue(browser.findElement(By.id("customer-insight")).getText().contains("Repurchase insight"));
    shoot(browser, "customer");
    open(browser, "support", "Support");
    shoot(browser, "support-tickets");
    open(browser, "support/reviews", "Reviews to moderate");
    shoot(browser, "support-reviews");
  }

  @Test
  @DisplayName("a customer's chat reaches the console: the agent takes it, replies (the customer reads it), sees the agents to transfer to, and makes it a ticket with one click; the ticket holds the transcript")
  void chatBecomesTicketInTheConsole(Vertx vertx) {
    Api api = new Api(vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String agentEmail = "console-agent-" + tag + "@example.com";
    String agentId = api.register(agentEmail).getString("id");
    Reply roles = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + agentId + "/roles").bearer(api.adminToken())
      .send(new JsonObject().put("roles", new JsonArray().add("agent")));
    assertEquals(200, roles.status(), roles::toString);
    String colleague = Agents.create(api, api.adminToken()).id();
    String customerEmail = "console-chat-" + tag + "@example.com";
    api.register(customerEmail);
    String customerToken = api.logIn(customerEmail, Api.PASSWORD).getString("access_token");

    WebDriver agent = signIn(browsers, agentEmail, Api.PASSWORD);
    waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    open(agent, "support/chats", "Chats");
    waitFor(agent).until(ExpectedConditions.textToBe(By.id("chat-connection"), "online"));
    // not taking chats automatically: the chat waits in the queue and the agent takes it by hand
    agent.findElement(By.id("chat-available")).click();
    waitFor(agent).until(ExpectedConditions.presenceOfElementLocated(
      By.cssSelector("#chat-transfer-to option[value='" + colleague + "']")));

    WebDriver customer = browsers.open();
    customer.get(TestServer.baseUrl() + "/support/");
    waitFor(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(customerEmail);
    customer.findElement(By.id("password")).sendKeys(Api.PASSWORD);
    customer.findElement(By.id("login-button")).click();
    String question = "My kettle leaks " + tag;
    waitFor(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("first"))).sendKeys(question);
    customer.findElement(By.id("start-button")).click();
    String conversationId = Wait.until("the customer's conversation", Duration.ofSeconds(30),
      () -> api.get("/api/v1/support/conversations", customerToken).json().getJsonArray("items"),
      items -> !items.isEmpty()).getJsonObject(0).getString("id");

    waitFor(agent).until(ExpectedConditions.elementToBeClickable(
      By.cssSelector("#chat-queue button[data-take='" + conversationId + "']"))).click();
    waitFor(agent).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), question));
    String answer = "Sorry about that, a new one is on its way " + tag;
    waitFor(agent).until(ExpectedConditions.elementToBeClickable(By.id("chat-text"))).sendKeys(answer);
    agent.findElement(By.id("chat-send")).click();
    waitFor(customer).until(ExpectedConditions.textToBePresentInElementLocated(
      By.cssSelector("#log li.theirs .text"), answer));
    waitFor(agent).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), answer));

    agent.findElement(By.id("chat-ticket")).click();
    WebElement link = waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("chat-ticket-open")));
    shoot(agent, "support-chats");
    String ticketId = link.getAttribute("href").replaceAll(".*#/support/", "");
    JsonObject ticket = api.get("/api/v1/support/tickets/" + ticketId, customerToken).json();
    assertEquals(conversationId, ticket.getString("conversation_id"), ticket::toString);
    String transcript = api.get("/api/v1/support/tickets/" + ticketId + "/messages", customerToken).json()
      .getJsonArray("items").getJsonObject(0).getString("body");
    assertTrue(transcript.contains("customer: " + question), transcript);
    assertTrue(transcript.contains("agent: " + answer), transcript);

    // the link opens the ticket in the console's own ticket view
    agent.findElement(By.id("chat-ticket-open")).click();
    waitFor(agent).until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-thread"), question));
    shoot(agent, "support-chat-ticket");
  }

  private static String agent(Api api, String email) {
    String id = api.register(email).getString("id");
    Reply roles = api.call(HttpMethod.PUT, "/api/v1/admin/users/" + id + "/roles").bearer(api.adminToken())
      .send(new JsonObject().put("roles", new JsonArray().add("agent")));
    assertEquals(200, roles.status(), roles::toString);
    return id;
  }

  /** An agent's console on the chat desk, not taking new chats (they wait in the queue for a hand to take them). */
  private WebDriver chatDesk(String email) {
    WebDriver agent = signIn(browsers, email, Api.PASSWORD);
    waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    open(agent, "support/chats", "Chats");
    waitFor(agent).until(ExpectedConditions.textToBe(By.id("chat-connection"), "online"));
    agent.findElement(By.id("chat-available")).click();
    return agent;
  }

  private static void status(WebDriver browser, String status) {
    waitFor(browser).until(ExpectedConditions.attributeToBe(By.id("chat-status"), "data-status", status));
  }

  @Test
  @DisplayName("an agent transfers a chat by choosing a colleague by name from the list; the colleague's console opens it with what was said, their reply reaches the customer; they set it waiting on the customer (the customer's answer opens it again), resolve it and reopen it")
  void transferToAColleague(Vertx vertx) {
    Api api = new Api(vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String firstEmail = "first-agent-" + tag + "@example.com";
    agent(api, firstEmail);
    String colleagueEmail = "second-agent-" + tag + "@example.com";
    String colleague = agent(api, colleagueEmail);
    String customerEmail = "transfer-chat-" + tag + "@example.com";
    api.register(customerEmail);
    String customerToken = api.logIn(customerEmail, Api.PASSWORD).getString("access_token");

    WebDriver first = chatDesk(firstEmail);
    WebDriver customer = browsers.open();
    customer.get(TestServer.baseUrl() + "/support/");
    waitFor(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(customerEmail);
    customer.findElement(By.id("password")).sendKeys(Api.PASSWORD);
    customer.findElement(By.id("login-button")).click();
    String question = "Can I change my delivery address " + tag + "?";
    waitFor(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("first"))).sendKeys(question);
    customer.findElement(By.id("start-button")).click();
    String conversationId = Wait.until("the customer's conversation", Duration.ofSeconds(30),
      () -> api.get("/api/v1/support/conversations", customerToken).json().getJsonArray("items"),
      items -> !items.isEmpty()).getJsonObject(0).getString("id");
    waitFor(first).until(ExpectedConditions.elementToBeClickable(
      By.cssSelector("#chat-queue button[data-take='" + conversationId + "']"))).click();
    waitFor(first).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), question));
    String holding = "Let me pass you to our delivery team " + tag;
    waitFor(first).until(ExpectedConditions.elementToBeClickable(By.id("chat-text"))).sendKeys(holding);
    first.findElement(By.id("chat-send")).click();
    waitFor(customer).until(ExpectedConditions.textToBePresentInElementLocated(
      By.cssSelector("#log li.theirs .text"), holding));

    String colleagueToken = api.logIn(colleagueEmail, Api.PASSWORD).getString("access_token");
    WebDriver second = chatDesk(colleagueEmail);
    // the colleague by name, as the list shows them (online now, with the number of chats they hold)
    Select to = new Select(first.findElement(By.id("chat-transfer-to")));
    WebElement choice = to.getOptions().stream().filter(o -> o.getText().startsWith("Test " + colleagueEmail))
      .findFirst().orElseThrow(() -> new AssertionError("the colleague is not in the transfer list"));
    assertEquals(colleague, choice.getAttribute("value"));
    to.selectByVisibleText(choice.getText());
    shoot(first, "support-chat-transfer");
    first.findElement(By.id("chat-transfer")).click();
    // no longer theirs: the first agent can no longer write in it
    waitFor(first).until(ExpectedConditions.attributeToBe(By.id("chat-text"), "disabled", "true"));
    assertEquals(colleague, api.get("/api/v1/support/conversations/" + conversationId, colleagueToken).json()
      .getString("agent_id"));

    // the colleague's console opens the chat it was given, with what was said before
    waitFor(second).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), holding));
    assertTrue(second.findElement(By.id("chat-log")).getText().contains(question));
    String answer = "Yes, I changed it for you " + tag;
    waitFor(second).until(ExpectedConditions.elementToBeClickable(By.id("chat-text"))).sendKeys(answer);
    second.findElement(By.id("chat-send")).click();
    waitFor(customer).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), answer));

    // waiting on the customer; their next message opens it again
    second.findElement(By.id("chat-pending")).click();
    status(second, "pending");
    assertTrue(!second.findElement(By.id("chat-pending")).isEnabled(), "a waiting chat cannot wait again");
    String thanks = "Thank you " + tag;
    customer.findElement(By.id("text")).sendKeys(thanks);
    customer.findElement(By.id("send")).click();
    waitFor(second).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), thanks));
    status(second, "open");

    // resolved, then reopened from the agent's recently resolved chats
    second.findElement(By.id("chat-resolve")).click();
    status(second, "resolved");
    waitFor(second).until(ExpectedConditions.presenceOfElementLocated(
      By.cssSelector("#chat-resolved button[data-resolved='" + conversationId + "']")));
    second.findElement(By.id("chat-reopen")).click();
    status(second, "open");
    waitFor(second).until(ExpectedConditions.elementToBeClickable(By.id("chat-text")));
    shoot(second, "support-chat-reopened");
    JsonObject seen = api.get("/api/v1/support/conversations/" + conversationId, colleagueToken).json();
    assertEquals("open", seen.getString("status"), seen::toString);
    assertEquals(colleague, seen.getString("agent_id"), seen::toString);
    String trail = seen.getJsonArray("audit").encode();
    for (String action : new String[] {"taken", "transferred", "pending", "resolved", "reopened"}) {
      assertTrue(trail.contains("\"" + action + "\""), action + " in " + trail);
    }
  }
}
