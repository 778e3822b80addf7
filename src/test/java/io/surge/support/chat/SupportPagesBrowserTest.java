package io.surge.support.chat;

import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The customer widget and the agent console in a real headless Chromium (Debian's chromium and
 * chromium-driver; CI installs them): two separate browsers, one per person, talking through the
 * server. Every wait is an explicit condition.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class SupportPagesBrowserTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private final List<WebDriver> browsers = new ArrayList<>();

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(WebDriver::quit);
  }

  @Test
  @DisplayName("in two browsers a customer and an agent sign in, exchange messages both ways, see each other type and read, and the agent resolves")
  void customerAndAgent(Vertx vertx) {
    boolean browser = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    // CI installs the browser, so there a missing one is a failure, never a silent skip.
    if (System.getenv("SURGE_REQUIRE_BROWSER") != null) {
      assertTrue(browser, "CI must provide Debian's chromium and chromium-driver (.ci/run installs them)");
    }
    assumeTrue(browser, "needs Debian's chromium and chromium-driver");
    Api api = new Api(vertx);
    String customerEmail = "ada-" + UUID.randomUUID() + "@example.com";
    api.register(customerEmail);
    String agentEmail = "grace-" + UUID.randomUUID() + "@example.com";
    String agentId = api.register(agentEmail).getString("id");
    assertEquals(200, api.call(io.vertx.core.http.HttpMethod.PUT, "/api/v1/admin/users/" + agentId + "/roles")
      .bearer(api.adminToken()).send(new JsonObject().put("roles", new JsonArray().add("agent"))).status());

    WebDriver agent = browser();
    agent.get(TestServer.baseUrl() + "/support/agent.html");
    signIn(agent, agentEmail);
    wait(agent).until(ExpectedConditions.textToBe(By.id("connection"), "online"));

    WebDriver customer = browser();
    customer.get(TestServer.baseUrl() + "/support/");
    signIn(customer, customerEmail);
    wait(customer).until(ExpectedConditions.visibilityOfElementLocated(By.id("first"))).sendKeys("Where is my parcel?");
    customer.findElement(By.id("start-button")).click();
    wait(customer).until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "You are talking with"));

    // The conversation was assigned to the agent, whose console opens it.
    wait(agent).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.theirs .text"),
      "Where is my parcel?"));

    agent.findElement(By.id("text")).sendKeys("It left the warehouse");
    wait(customer).until(ExpectedConditions.textToBe(By.id("typing"), "The agent is typing…"));
    agent.findElement(By.id("text")).sendKeys(" this morning.");
    agent.findElement(By.id("send")).click();
    wait(customer).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.theirs .text"),
      "It left the warehouse this morning."));
    // The customer's page reported it read; the agent sees the receipt.
    wait(agent).until(ExpectedConditions.textToBe(By.cssSelector("#log li.mine .receipt"), "Seen"));

    customer.findElement(By.id("text")).sendKeys("Great, thank you");
    wait(agent).until(ExpectedConditions.textToBe(By.id("typing"), "The customer is typing…"));
    customer.findElement(By.id("send")).click();
    wait(agent)
      .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.theirs:last-child .text"),
        "Great, thank you"));
    wait(customer)
      .until(ExpectedConditions.textToBe(By.cssSelector("#log li.mine:last-child .text"), "Great, thank you"));

    wait(agent).until(ExpectedConditions.elementToBeClickable(By.id("resolve"))).click();
    wait(customer).until(ExpectedConditions.textToBe(By.id("state"), "This conversation is resolved."));
    wait(agent).until(ExpectedConditions.attributeToBe(By.id("conversation-state"), "data-status", "resolved"));
    assertEquals(3, TestServer.count("SELECT count(*) FROM chat_messages"));
  }

  private WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
      "--window-size=1200,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
      .usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    browsers.add(driver);
    return driver;
  }

  private static void signIn(WebDriver browser, String email) {
    wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(Api.PASSWORD);
    browser.findElement(By.id("login-button")).click();
  }

  private static WebDriverWait wait(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }
}
