package io.surge.storefront;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium through its chromedriver (nothing downloaded), one per person; screenshots at phone
 * and desktop sizes under target/storefront-screenshots for a reviewer to look at.
 */
public final class Browsers implements AutoCloseable {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "storefront-screenshots");
  private static final Dimension DESKTOP = new Dimension(1280, 900);
  private static final Dimension PHONE = new Dimension(390, 844);

  private final List<WebDriver> open = new ArrayList<>();

  /** Skips without the browser, except where SURGE_REQUIRE_BROWSER is set (CI): there it is a failure. */
  public static void assumeBrowser() {
    boolean browser = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if ("true".equals(System.getenv("SURGE_REQUIRE_BROWSER"))) {
      assertTrue(browser, "CI must provide Debian's chromium and chromium-driver (.ci/run installs them)");
    }
    assumeTrue(browser, "needs Debian's chromium and chromium-driver (skipped: not installed)");
  }

  public WebDriver open() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
      "--window-size=1280,900", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
      .usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    open.add(driver);
    return driver;
  }

  public static WebDriverWait waitFor(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  /** The page as it is now, at desktop and at phone size. */
  static void screenshot(WebDriver browser, String name) {
    screenshot(browser, SCREENSHOTS, name);
  }

  /** The same, under another folder (the console's pages go to target/console-screenshots). */
  public static void screenshot(WebDriver browser, Path folder, String name) {
    try {
      Files.createDirectories(folder);
      for (Dimension size : List.of(DESKTOP, PHONE)) {
        browser.manage().window().setSize(size);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(folder.resolve(name + (size.equals(PHONE) ? "-phone" : "-desktop") + ".png"), png);
      }
      browser.manage().window().setSize(DESKTOP);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    open.forEach(WebDriver::quit);
  }
}
