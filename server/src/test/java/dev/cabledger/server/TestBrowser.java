package dev.cabledger.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for a test, through Selenium and Debian's {@code chromium} and {@code
 * chromium-driver} (installed by the test script; a browser test is never skipped). Register it
 * with {@code @RegisterExtension}: each test gets a fresh browser, and a failing test leaves a
 * screenshot and the page source under {@code target/browser-failures/}.
 */
public final class TestBrowser
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
  /** Where Debian's packages put the driver and the browser. */
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Where failures are saved, relative to the module (Maven's working directory). */
  public static final Path FAILURES = Path.of("target", "browser-failures");

  private Optional<WebDriver> driver = Optional.empty();

  /** The browser of the running test. */
  public WebDriver driver() {
    return driver.orElseThrow(() -> new IllegalStateException("no browser: not in a test"));
  }

  /** Starts a headless Chromium at a phone-to-desktop neutral size. */
  public static WebDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    driver = Optional.of(start());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && driver.isPresent()) {
      save(
          driver.get(),
          context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    driver.ifPresent(WebDriver::quit);
    driver = Optional.empty();
  }

  /**
   * Saves what the browser shows: a PNG screenshot and the page source (with its URL) under {@link
   * #FAILURES}.
   *
   * @return the two files written
   */
  public static List<Path> save(WebDriver browser, String name) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    String base = name.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + stamp;
    try {
      Files.createDirectories(FAILURES);
      Path png = FAILURES.resolve(base + ".png");
      Path html = FAILURES.resolve(base + ".html");
      Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      Files.writeString(
          html,
          "<!-- " + browser.getCurrentUrl() + " -->\n" + browser.getPageSource(),
          StandardCharsets.UTF_8);
      return List.of(png, html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
