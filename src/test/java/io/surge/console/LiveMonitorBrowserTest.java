package io.surge.console;

import io.surge.support.Api;
import io.surge.support.Api.Reply;
import io.surge.support.ShopFixture;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An admin watches a flash sale in the console's live monitor while a scripted stampede buys it out: the units left
 * fall to 0 on the page and the counts it ends with equal PostgreSQL's. Also the sales list, the schedule form and the
 * Operations page, each photographed under {@code target/console-screenshots/}.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class LiveMonitorBrowserTest {

  private static final int UNITS = 40;
  private static final int BUYERS = 120;
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private WebDriver browser;

  @BeforeEach
  void open() {
    boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if ("true".equals(System.getenv("SURGE_REQUIRE_BROWSER"))) {
      assertTrue(installed, "CI must provide Debian's chromium and chromium-driver (.ci/run installs them)");
    }
    assumeTrue(installed, "needs Debian's chromium and chromium-driver (skipped: not installed)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
      "--window-size=1280,900", "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
      .usingAnyFreePort().build(), options);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  @DisplayName("during a stampede the live monitor shows units left falling to 0 and ends with the database's counts")
  void stampedeOnTheMonitor(Vertx vertx) {
    try {
      watchAStampede(vertx);
    } catch (RuntimeException | AssertionError e) {
      screenshot("failed-" + System.currentTimeMillis());
      throw e;
    }
  }

  private void watchAStampede(Vertx vertx) {
    Api api = new Api(vertx);
    ShopFixture shop = new ShopFixture(api, vertx);
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String skuId = shop.sku("LIVE-" + tag, 9900, UNITS * 2);
    Reply created = api.post("/api/v1/admin/flash-sales", shop.admin(), new JsonObject().put("sku_id", skuId)
      .put("sale_amount", 4900).put("quantity", UNITS).put("per_user_limit", 1).put("payment_window_minutes", 15)
      .put("starts_at", Instant.now().minusSeconds(1).toString())
      .put("ends_at", Instant.now().plusSeconds(600).toString()));
    assertEquals(201, created.status(), created::toString);
    String saleId = created.json().getString("id");
    List<String> buyers = shop.customers(BUYERS);

    signIn(api);
    go("#/flash-sales");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href='#/flash-sales/" + saleId
      + "/live']")));
    screenshot("flash-sales-list");
    go("#/flash-sales/new");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("sale-submit")));
    screenshot("flash-sale-schedule");

    go("#/flash-sales/" + saleId + "/live");
    waitFor().until(ExpectedConditions.textToBe(By.id("live-units-left"), UNITS + " / " + UNITS));
    // every value the page shows, as it shows it
    js("window.unitsSeen = []; new MutationObserver(() => window.unitsSeen.push("
      + "Number(document.getElementById('live-units-left').dataset.units))).observe("
      + "document.getElementById('live-units-left'), { childList: true, characterData: true, subtree: true });");

    // Waves of five buyers, a quarter second apart, until the units are gone; then everyone else at once.
    List<Future<Reply>> replies = new ArrayList<>();
    int next = 0;
    while (next < BUYERS && accepted(replies) < UNITS) {
      List<Future<Reply>> wave = new ArrayList<>();
      for (int i = 0; i < 5 && next < BUYERS; i++, next++) {
        wave.add(buy(api, vertx, buyers.get(next), saleId, "key-" + next, 10));
      }
      replies.addAll(wave);
      io.surge.support.Wait.forResult(Future.join(wave).otherwiseEmpty());
      io.surge.support.Wait.forResult(vertx.timer(250));
      if (next == 20) {
        screenshot("flash-live-stampede");
      }
    }
    for (; next < BUYERS; next++) {
      replies.add(buy(api, vertx, buyers.get(next), saleId, "key-" + next, 10));
    }
    io.surge.support.Wait.forResult(Future.join(replies));
    assertEquals(UNITS, accepted(replies));
    long ordered = TestServer.count("SELECT count(*) FROM orders o JOIN flash_purchases p ON p.order_id = o.id "
      + "WHERE p.sale_id = '" + saleId + "'");
    assertEquals(UNITS, ordered);

    waitFor().until(d -> "0".equals(d.findElement(By.id("live-units-left")).getAttribute("data-units"))
      && String.valueOf(ordered).equals(d.findElement(By.cssSelector("tr[data-answer=accepted] td.num")).getText())
      && Long.parseLong(d.findElement(By.id("live-total-decisions")).getText()) >= BUYERS);
    assertEquals(String.valueOf(ordered), browser.findElement(By.id("live-sold")).getText());
    assertTrue(browser.findElement(By.id("live-state")).getText().contains("sold out"));
    @SuppressWarnings("unchecked")
    List<Long> seen = (List<Long>) js("return window.unitsSeen;");
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) <= seen.get(i - 1), "units left never rise on the page: " + seen);
    }
    assertTrue(seen.stream().anyMatch(n -> n > 0 && n < UNITS), "the page showed the units going: " + seen);
    screenshot("flash-live-sold-out");

    go("#/operations");
    waitFor().until(d -> "true".equals(d.findElement(By.id("main")).getAttribute("data-loaded")));
    // the prediction training's status beside the recommendations' (other suites may have trained on this server)
    String predictions = browser.findElement(By.id("ops-predictions")).getText();
    assertTrue(predictions.contains("State: ") && predictions.contains("Learned from"), predictions);
    screenshot("operations");
  }

  private static long accepted(List<Future<Reply>> replies) {
    return replies.stream().filter(r -> r.succeeded() && r.result().status() == 202).count();
  }

  /** A buyer who retries what a real client would (503, 409 in flight), with the same key. */
  private static Future<Reply> buy(Api api, Vertx vertx, String token, String saleId, String key, int attempts) {
    return api.call(HttpMethod.POST, "/api/v1/flash-sales/" + saleId + "/purchases").bearer(token)
      .header("Idempotency-Key", key).sendAsync(null, null)
      .compose(reply -> (reply.status() == 503 || reply.status() == 409) && attempts > 1
        ? vertx.timer(50).compose(v -> buy(api, vertx, token, saleId, key, attempts - 1))
        : Future.succeededFuture(reply));
  }

  private void signIn(Api api) {
    JsonObject dev = TestServer.config().getJsonObject("dev");
    String refresh = api.logIn(dev.getString("adminEmail"), dev.getString("adminPassword")).getString("refresh_token");
    browser.get(TestServer.baseUrl() + "/admin/");
    // a new query string, so the page loads again (a hash alone would not) and finds the session
    js(
      "sessionStorage.setItem('surge.admin.refresh', arguments[0]); location.replace('/admin/?signed-in#/flash-sales')",
      refresh);
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("schedule-sale")));
  }

  private void go(String hash) {
    js("location.hash = arguments[0]", hash);
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Rows the page redraws every tick may go stale between finding and reading them: such a read is retried. */
  private WebDriverWait waitFor() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** The page now at desktop and phone size. */
  private void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      for (Dimension size : List.of(new Dimension(1280, 900), new Dimension(390, 844))) {
        browser.manage().window().setSize(size);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + (size.getWidth() < 500 ? "-phone" : "-desktop") + ".png"), png);
      }
      browser.manage().window().setSize(new Dimension(1280, 900));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
