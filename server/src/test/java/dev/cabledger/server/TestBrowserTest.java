package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.storage.Backend;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/** The browser tests' one support class: a failed test leaves what each of its browsers showed. */
class TestBrowserTest {
  @Test
  void afterTestExecution_failedTestWithTwoBrowsers_savesEachScreenshotAndPageSource()
      throws Exception {
    TestService service = TestService.shared(Backend.SQLITE);
    TestBrowser browsers = new TestBrowser();
    ExtensionContext failed = context(new AssertionError("the test failed"));
    List<Path> before = saved();
    try {
      ChromeDriver first = browsers.driver();
      ChromeDriver second = browsers.another();
      first.get(service.uri("/console/signin").toString());
      second.get(service.uri("/console/signin?signedOut").toString());

      browsers.afterTestExecution(failed);
    } finally {
      browsers.afterEach(failed);
    }

    List<Path> written = new ArrayList<>(saved());
    written.removeAll(before);
    assertThat(written)
        .hasSize(4)
        .allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("TestBrowserTest."));
    List<Path> pages = written.stream().filter(p -> p.toString().endsWith(".html")).toList();
    assertThat(pages).hasSize(2);
    assertThat(pages).anySatisfy(p -> assertThat(p.toString()).contains("-browser2-"));
    for (Path page : pages) {
      assertThat(Files.readString(page)).contains("/console/signin").contains("Sign in");
    }
    for (Path png : written.stream().filter(p -> p.toString().endsWith(".png")).toList()) {
      assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N');
    }
    for (Path p : written) {
      Files.delete(p);
    }
  }

  private static List<Path> saved() throws Exception {
    if (!Files.isDirectory(TestBrowser.FAILURES)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(TestBrowser.FAILURES)) {
      return files.toList();
    }
  }

  /** The few things the extension asks of JUnit's context about a test that threw. */
  private static ExtensionContext context(Throwable thrown) {
    return (ExtensionContext)
        Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getExecutionException" -> Optional.of(thrown);
                  case "getRequiredTestClass" -> TestBrowserTest.class;
                  case "getTestMethod" ->
                      Optional.of(
                          TestBrowserTest.class.getDeclaredMethod(
                              "afterTestExecution_failedTestWithTwoBrowsers_savesEachScreenshotAndPageSource"));
                  case "getDisplayName" -> "two browsers";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
