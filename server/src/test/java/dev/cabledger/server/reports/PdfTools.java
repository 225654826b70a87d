package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Poppler's {@code pdftoppm}, {@code pdftotext} and {@code pdffonts}, as a reader's tools see a
 * PDF, and the host's CJK font the reports fall back to. The test script installs them
 * (scripts/ensure-packages.sh); a test that needs them fails without them.
 */
final class PdfTools {
  /** Droid Sans Fallback (Debian's fonts-droid-fallback): Chinese and Japanese, not Hangul. */
  static final Path DROID = Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");

  /** WenQuanYi Micro Hei (Debian's fonts-wqy-microhei): Chinese, Japanese and Korean. */
  static final Path MICROHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

  private PdfTools() {}

  /** Droid Sans Fallback, then WenQuanYi Micro Hei, failing when either is not installed. */
  static PdfFallbackFonts cjk() {
    assertThat(MICROHEI)
        .as(
            "the Hangul font of the PDF tests; install the Debian package fonts-wqy-microhei"
                + " (scripts/ensure-packages.sh does)")
        .isRegularFile();
    return fallbacks(droidFile(), MICROHEI);
  }

  /** Fallback fonts of Droid Sans Fallback alone, failing when it is not installed. */
  static PdfFallbackFonts droid() {
    return fallbacks(droidFile());
  }

  /** Droid Sans Fallback's file, failing when it is not installed. */
  static Path droidFile() {
    assertThat(DROID)
        .as(
            "the fallback font of the PDF tests; install the Debian package fonts-droid-fallback"
                + " (scripts/ensure-packages.sh does)")
        .isRegularFile();
    return DROID;
  }

  static PdfFallbackFonts fallbacks(Path... files) {
    return new PdfFallbackFonts(
        new PdfFontProperties(Stream.of(files).map(Path::toString).toList()));
  }

  /** pdffonts' table of the PDF's fonts, one line each, after its two header lines. */
  static List<String> fonts(Path pdf) throws IOException, InterruptedException {
    List<String> lines = run(List.of("pdffonts", pdf.toString())).lines().toList();
    return lines.subList(2, lines.size());
  }

  /** Renders every page to a PNG; returns them, one per page, after pdftoppm exited 0. */
  static List<Path> render(Path pdf, Path dir) throws IOException, InterruptedException {
    run(List.of("pdftoppm", "-r", "40", "-png", pdf.toString(), dir.resolve("page").toString()));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
    }
  }

  /** The text of the PDF as pdftotext extracts it, runs of white space made one space. */
  static String text(Path pdf) throws IOException, InterruptedException {
    Path out = Files.createTempFile(pdf.getParent(), "text-", ".txt");
    run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), out.toString()));
    return Files.readString(out, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command.getFirst() + " finished").isTrue();
    assertThat(p.exitValue()).as(command.getFirst() + ": " + output).isZero();
    return output;
  }
}
