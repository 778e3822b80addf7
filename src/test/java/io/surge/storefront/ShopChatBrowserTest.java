package io.surge.storefront;

import io.surge.SurgeServer;
import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import static io.surge.storefront.Browsers.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shop's chat panel over time and on a phone: it outlives its access token (a second server issues tokens that
 * live seconds, not 15 minutes), and its floating button leaves the footer readable at 390x844.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class ShopChatBrowserTest {

  /** Just over the shop's 30-second margin: the page takes a token it trusts for a few seconds. */
  private static final int ACCESS_TTL_SECONDS = 35;

  @RegisterExtension
  final Browsers browsers = new Browsers();

  @Test
  @DisplayName("the shop's chat reconnects with a refreshed token when the server closes it for an expired one, and the shopper keeps talking without a reload")
  void chatOutlivesItsAccessToken(Vertx vertx) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JsonObject config = TestServer.secondServerConfig();
    config.getJsonObject("http").put("port", port).put("instances", 1);
    config.getJsonObject("jwt").put("accessTtlSeconds", ACCESS_TTL_SECONDS);
    Vertx second = Vertx.vertx();
    try {
      Wait.forResult(SurgeServer.start(second, config));
      Api api = new Api(vertx);
      String email = "chat-ttl-" + UUID.randomUUID() + "@example.com";
      api.register(email);
      WebDriver browser = signedIn(api, email, "http://127.0.0.1:" + port);
      JavascriptExecutor page = (JavascriptExecutor) browser;
      // every state the panel shows, in order: the test waits on "offline" then "online", not on a clock
      page.executeScript("window.chatStates = [];"
        + "new MutationObserver(() => chatStates.push(document.getElementById('connection').textContent))"
        + ".observe(document.getElementById('connection'), { childList: true, characterData: true, subtree: true });");

      browser.findElement(By.id("help-open")).click();
      waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("first"))).sendKeys("Is it warm?");
      browser.findElement(By.id("start-button")).click();
      waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#log li.mine .text"),
        "Is it warm?"));

      // the server closes the connection when the token expires; the panel comes back online by itself
      new WebDriverWait(browser, Duration.ofSeconds(ACCESS_TTL_SECONDS * 3L)).until(d -> Boolean.TRUE.equals(
        page.executeScript("const s = window.chatStates; return s.includes('offline')"
          + " && s.lastIndexOf('online') > s.indexOf('offline')")));
      browser.findElement(By.id("text")).sendKeys("Still there?");
      browser.findElement(By.id("send")).click();
      waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#log li.mine:last-child .text"), "Still there?"));
      assertEquals(2, TestServer.count("SELECT count(*) FROM chat_messages m JOIN users u ON u.id = m.sender_id "
        + "WHERE u.email = '" + email + "'"));
      browsers.screenshot(browser, "chat-after-token-expiry");
    } finally {
      Wait.forResult(second.close());
    }
  }

  @Test
  @DisplayName("on a phone (390x844) the floating chat button covers no part of the footer when scrolled to the end")
  void chatButtonLeavesTheFooterReadable(Vertx vertx) {
    Api api = new Api(vertx);
    String email = "phone-" + UUID.randomUUID() + "@example.com";
    api.register(email);
    WebDriver browser = signedIn(api, email, TestServer.baseUrl());
    browser.manage().window().setSize(Browsers.PHONE);
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("help-open")));
    Object overlap = ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, document.body.scrollHeight);"
      + "const b = document.getElementById('help-open').getBoundingClientRect();"
      + "const text = document.createRange(); text.selectNodeContents(document.querySelector('footer.foot'));"
      + "return [...text.getClientRects()].filter(r => r.width > 0 && r.right > b.left && r.left < b.right"
      + " && r.bottom > b.top && r.top < b.bottom).length;");
    browsers.screenshot(browser, "footer-with-chat-button");
    assertEquals(0L, overlap, "footer text under the chat button");
  }

  /** The shop in a fresh browser, signed in the way it keeps a session: a refresh token in sessionStorage. */
  private WebDriver signedIn(Api api, String email, String base) {
    String refresh = api.logIn(email, Api.PASSWORD).getString("refresh_token");
    WebDriver browser = browsers.open();
    browser.get(base + "/shop/");
    // a new query, not just a new hash: the page must load again to read the session from sessionStorage
    ((JavascriptExecutor) browser).executeScript(
      "sessionStorage.setItem('surge.shop.refresh', arguments[0]); location.replace('/shop/?signed-in#/')", refresh);
    waitFor(browser).until(ExpectedConditions.textToBe(By.id("nav-account"), "Account"));
    return browser;
  }
}
