package io.surge.storefront;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
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
 * The browsers of one browser test: Debian's headless Chromium through its chromedriver (nothing downloaded), one per
 * person. Register it on the test class and it does the lifecycle every browser test needs: before each test it skips
 * without the browser (fails in CI), after each it screenshots every open browser if the test failed (the page a
 * reviewer needs to see is the one that went wrong) and quits them all.
 *
 * <pre>{@code
 * @RegisterExtension
 * final Browsers browsers = new Browsers();                      // screenshots in target/storefront-screenshots
 * final Browsers browsers = new Browsers("console-screenshots"); // or a folder of its own
 * }</pre>
 *
 * {@link #screenshot} writes the page at desktop and at phone size under {@code target/<folder>} for a reviewer.
 */
public final class Browsers implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  public static final Dimension DESKTOP = new Dimension(1280, 900);
  public static final Dimension PHONE = new Dimension(390, 844);

  private final Path screenshots;
  private final List<WebDriver> open = new ArrayList<>();

  /** Screenshots under target/storefront-screenshots. */
  public Browsers() {
    this("storefront-screenshots");
  }

  /** Screenshots under target/{@code folder}. */
  public Browsers(String folder) {
    this.screenshots = Path.of("target", folder);
  }

  /** Skips without the browser, except where SURGE_REQUIRE_BROWSER is set (CI): there it is a failure. */
  public static void assumeBrowser() {
    boolean browser = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if ("true".equals(System.getenv("SURGE_REQUIRE_BROWSER"))) {
      assertTrue(browser, "CI must provide Debian's chromium and chromium-driver (.ci/run installs them)");
    }
    assumeTrue(browser, "needs Debian's chromium and chromium-driver (skipped: not installed)");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    assumeBrowser();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (context.getExecutionException().isPresent()) {
        for (int i = 0; i < open.size(); i++) {
          screenshotQuietly(open.get(i), "failed-" + context.getRequiredTestMethod().getName() + "-" + (i + 1));
        }
      }
    } finally {
      close();
    }
  }

  /** Quits every browser opened (for a test that holds the browsers itself, in try-with-resources). */
  @Override
  public void close() {
    open.forEach(WebDriver::quit);
    open.clear();
  }

  /** A new browser of its own (its own cookies and storage: another person); quit after the test. */
  public WebDriver open() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // timers keep running in a tab in the background: pages that count down or reconnect behave as in front
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

  /** The page as it is now, at desktop and at phone size: {@code <name>-desktop.png}, {@code <name>-phone.png}. */
  public void screenshot(WebDriver browser, String name) {
    screenshot(browser, screenshots, name);
  }

  /** The same, under any folder (the console's pages go to target/console-screenshots). */
  public static void screenshot(WebDriver browser, Path screenshots, String name) {
    try {
      Files.createDirectories(screenshots);
      for (Dimension size : List.of(DESKTOP, PHONE)) {
        browser.manage().window().setSize(size);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + (size.equals(PHONE) ? "-phone" : "-desktop") + ".png"), png);
      }
      browser.manage().window().setSize(DESKTOP);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A failed test's screenshot must not hide the failure: a browser that died is left out. */
  private void screenshotQuietly(WebDriver browser, String name) {
    try {
      screenshot(browser, name);
    } catch (WebDriverException | IllegalStateException e) {
      // the test's own failure is what matters; this browser could not be photographed
    }
  }
}
