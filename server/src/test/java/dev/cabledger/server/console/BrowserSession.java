package dev.cabledger.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium for a test class, driven through WebDriver with Debian's {@code chromium}
 * and {@code chromium-driver} (never skipped: without them the test fails). Register it with
 * {@code @RegisterExtension static final BrowserSession browser = new BrowserSession();}: the
 * browser starts at first use, and when a test fails its screenshot and page source are saved under
 * {@code target/browser-failures/} before the browser quits after the class.
 */
final class BrowserSession implements AfterTestExecutionCallback, AfterAllCallback {
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path FAILURES = Path.of("target", "browser-failures");

  private final List<String> arguments;
  private @Nullable ChromeDriver driver;

  /** A session whose Chromium also gets these command-line switches. */
  BrowserSession(String... arguments) {
    this.arguments = List.of(arguments);
  }

  /** The browser, started at first use. */
  ChromeDriver driver() {
    if (driver == null) {
      ChromeOptions options = new ChromeOptions();
      options.setBinary(BINARY.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
      options.addArguments(arguments);
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
      ChromeDriver started = new ChromeDriver(service, options);
      started.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      started.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver = started;
    }
    return driver;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && driver != null) {
      String name =
          context.getRequiredTestClass().getSimpleName()
              + "."
              + context.getRequiredTestMethod().getName()
              + "-"
              + Integer.toHexString(context.getUniqueId().hashCode());
      save(driver, name);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
  }

  private static void save(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(FAILURES);
      Files.write(FAILURES.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      String source = driver.getPageSource();
      Files.writeString(
          FAILURES.resolve(name + ".html"), source == null ? "" : source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (WebDriverException e) {
      // The browser may be what failed; the test's own failure is the one to report.
      System.err.println("no screenshot of " + name + ": " + e.getMessage());
    }
  }
}
