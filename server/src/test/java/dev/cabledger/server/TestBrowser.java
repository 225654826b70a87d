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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for browser tests, through Selenium and Debian's {@code chromium} and
 * {@code chromium-driver} (installed by the test script; a browser test is never skipped: without
 * them it fails). The one browser support of the tests:
 *
 * <ul>
 *   <li>{@code @RegisterExtension final TestBrowser browser = new TestBrowser();} gives each test a
 *       fresh browser, which quits after the test;
 *   <li>{@code @RegisterExtension static final TestBrowser browser = TestBrowser.perClass(...);}
 *       one browser for the tests of a class, which quits after the class.
 * </ul>
 *
 * <p>Each is started at first use; {@link #another()} starts a further browser (its own profile:
 * cookies, session and IndexedDB), as a second person at another computer. When a test fails, each
 * browser's screenshot and page source are saved under {@code target/browser-failures/}.
 */
public final class TestBrowser
    implements AfterTestExecutionCallback, AfterEachCallback, AfterAllCallback {
  /** Where Debian's packages put the driver and the browser. */
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Where failures are saved, relative to the module (Maven's working directory). */
  public static final Path FAILURES = Path.of("target", "browser-failures");

  private final List<String> arguments;
  private final boolean perClass;
  private final List<ChromeDriver> drivers = new ArrayList<>();

  private TestBrowser(boolean perClass, String... arguments) {
    this.perClass = perClass;
    this.arguments = List.of(arguments);
  }

  /** A fresh browser for each test, with these extra Chromium switches. */
  public TestBrowser(String... arguments) {
    this(false, arguments);
  }

  /** One browser for all tests of a class (register it in a static field). */
  public static TestBrowser perClass(String... arguments) {
    return new TestBrowser(true, arguments);
  }

  /** The browser, started at first use. */
  public synchronized ChromeDriver driver() {
    if (drivers.isEmpty()) {
      drivers.add(start(arguments));
    }
    return drivers.getFirst();
  }

  /** A further browser with a profile of its own, quit and saved with the first. */
  public synchronized ChromeDriver another() {
    driver();
    ChromeDriver started = start(arguments);
    drivers.add(started);
    return started;
  }

  /** Starts a headless Chromium at a desktop size (tests narrow it for a phone). */
  public static ChromeDriver start(List<String> arguments) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    options.addArguments(arguments);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    // A click that loads a page returns before the new page may have arrived on a busy machine:
    // an element looked up then is waited for. (Where the old page has the same element, a test
    // waits for the new page explicitly.)
    chrome.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    // ML-DSA key generation and signing in a page's script take a while on a busy machine.
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return chrome;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    saveAll(
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getTestMethod().map(m -> m.getName()).orElse("")
            + "-"
            + context.getDisplayName());
  }

  /**
   * Saves what each of the test's browsers shows ({@link #save}), the second and later ones under
   * {@code name-browserN}: what a failed test leaves.
   */
  synchronized void saveAll(String name) {
    for (int i = 0; i < drivers.size(); i++) {
      try {
        save(drivers.get(i), i == 0 ? name : name + "-browser" + (i + 1));
      } catch (WebDriverException e) {
        // The browser may be what failed; the test's own failure is the one to report.
        System.err.println("no screenshot of " + name + ": " + e.getMessage());
      }
    }
  }

  /** Closes every browser of the test. */
  synchronized void close() {
    quit();
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (!perClass) {
      quit();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    quit();
  }

  private void quit() {
    drivers.forEach(WebDriver::quit);
    drivers.clear();
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
      String source = browser.getPageSource();
      Files.writeString(
          html,
          "<!-- " + browser.getCurrentUrl() + " -->\n" + (source == null ? "" : source),
          StandardCharsets.UTF_8);
      return List.of(png, html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
