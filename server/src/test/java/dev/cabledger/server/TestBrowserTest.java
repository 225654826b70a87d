package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.storage.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/** The browser tests' one support class: a failed test leaves what each of its browsers showed. */
class TestBrowserTest {
  @Test
  void saveAll_twoBrowsers_savesEachScreenshotAndPageSource() throws Exception {
    TestService service = TestService.shared(Backend.SQLITE);
    TestBrowser browsers = new TestBrowser();
    List<Path> before = saved();
    try {
      ChromeDriver first = browsers.driver();
      ChromeDriver second = browsers.another();
      first.get(service.uri("/console/signin").toString());
      second.get(service.uri("/console/signin?signedOut").toString());

      browsers.saveAll("TestBrowserTest.twoBrowsers");
    } finally {
      browsers.close();
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
}
