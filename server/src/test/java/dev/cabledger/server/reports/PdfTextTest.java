package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

/** Fitting text to a column with the embedded font, whatever characters it holds. */
class PdfTextTest {
  @Test
  void fit_longerThanTheColumn_cutWithAnEllipsisWithinTheWidth() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PdfText sans = PdfText.load(doc, PdfText.SANS);
      String name = "Zürich-Ω-東京-".repeat(20);

      String fitted = sans.fit(name, 8, 100);

      assertThat(fitted).endsWith("…").startsWith("Zürich-Ω-");
      assertThat(sans.width(fitted, 8)).isLessThanOrEqualTo(100);
      assertThat(sans.width(fitted + "x", 8)).isGreaterThan(sans.width(fitted, 8));
    }
  }

  @Test
  void fit_shortTextWithAControlCharacter_keptWithASpaceForIt() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PdfText sans = PdfText.load(doc, PdfText.SANS);

      assertThat(sans.fit("acme\tprod", 8, 200)).isEqualTo("acme prod");
      // A character without a glyph takes the width of the mark drawn for it.
      assertThat(sans.width("東", 10)).isEqualTo(sans.width("\uFFFD", 10)).isPositive();
    }
  }
}
