package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fitting text to a column with the embedded font, whatever characters it holds, and the fallback
 * font each character the font lacks is drawn with.
 */
class PdfTextTest {
  @TempDir Path dir;

  @Test
  void fit_longerThanTheColumn_cutWithAnEllipsisWithinTheWidth() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PdfText sans = PdfText.load(doc, PdfText.SANS, PdfFallbackFonts.InDocument.none(doc));
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
      PdfText sans = PdfText.load(doc, PdfText.SANS, PdfFallbackFonts.InDocument.none(doc));

      assertThat(sans.fit("acme\tprod", 8, 200)).isEqualTo("acme prod");
      // A character without a glyph takes the width of the mark drawn for it.
      assertThat(sans.width("東", 10)).isEqualTo(sans.width("\uFFFD", 10)).isPositive();
    }
  }

  @Test
  void forDocument_missingAndUnreadableFiles_skippedAndTheNextFontUsed() throws IOException {
    Path garbage = Files.writeString(dir.resolve("broken.ttf"), "not a font");
    PdfFallbackFonts fonts =
        PdfTools.fallbacks(dir.resolve("missing.ttf"), garbage, PdfTools.droidFile());
    try (PDDocument doc = new PDDocument()) {
      PdfFallbackFonts.InDocument inDoc = fonts.forDocument(doc);

      assertThat(inDoc.faceOf("東".codePointAt(0))).isZero();
      assertThat(inDoc.face(0).path()).isEqualTo(PdfTools.droidFile());
      // Droid Sans Fallback has no Hangul and no Thai.
      assertThat(inDoc.faceOf("서".codePointAt(0))).isEqualTo(-1);
      assertThat(inDoc.faceOf("ก".codePointAt(0))).isEqualTo(-1);
    }
  }

  @Test
  void runs_charactersTheFontLacks_eachInTheFirstFallbackThatHasIt() throws IOException {
    // DejaVu Sans Mono lacks ℵ, which DejaVu Sans has, and both lack 東, which Droid has; the
    // second copy of DejaVu Sans is never reached.
    Path sans = resource(PdfText.SANS, "sans.ttf");
    PdfFallbackFonts fonts =
        PdfTools.fallbacks(sans, PdfTools.droidFile(), resource(PdfText.SANS, "sans-again.ttf"));
    try (PDDocument doc = new PDDocument()) {
      PdfFallbackFonts.InDocument inDoc = fonts.forDocument(doc);
      PdfText mono = PdfText.load(doc, PdfText.MONO, inDoc);

      assertThat(inDoc.faceOf('ℵ')).isZero();
      assertThat(inDoc.faceOf('東')).isEqualTo(1);
      // Drawn in the fallback, so measured in it too.
      assertThat(mono.width("東", 10))
          .isEqualTo(inDoc.font(1).getStringWidth("東") / 100)
          .isNotEqualTo(mono.width("\uFFFD", 10));

      String content = draw(doc, mono, "aℵ東กb");

      // Mono, then the fallbacks, then Mono again for the character no font has and after it.
      assertThat(content)
          .containsSubsequence(
              "/F1 10 Tf", "/F2 10 Tf", "/F3 10 Tf", "/F1 10 Tf", "/ActualText <FEFF0e01>", "EMC");
      assertThat(inDoc.font(0).getName()).isEqualTo("DejaVuSans");
      assertThat(inDoc.font(1).getName()).startsWith("DroidSansFallback");
    }
  }

  @Test
  void runs_aFontOfACollection_usedFromTheCollection() throws IOException {
    // A .ttc of DejaVu Sans Mono and DejaVu Sans: ℵ is in its second font only.
    Path ttc = dir.resolve("dejavu.ttc");
    Files.write(ttc, collection(bytes(PdfText.MONO), bytes(PdfText.SANS)));
    try (PDDocument doc = new PDDocument()) {
      PdfFallbackFonts.InDocument inDoc = PdfTools.fallbacks(ttc).forDocument(doc);
      PdfText mono = PdfText.load(doc, PdfText.MONO, inDoc);

      assertThat(inDoc.faceOf('ℵ')).isEqualTo(1);
      assertThat(draw(doc, mono, "ℵ")).contains("/F2 10 Tf");
      assertThat(inDoc.font(1).getName()).isEqualTo("DejaVuSans");
    }
  }

  @Test
  void runs_noFallbackHasTheCharacter_drawnAsReplacementWithItsActualText() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PdfText sans = PdfText.load(doc, PdfText.SANS, PdfTools.droid().forDocument(doc));

      String content = draw(doc, sans, "東서울");

      // 東 in Droid Sans Fallback; 서울 as U+FFFD, twice, in DejaVu with the syllables' text.
      assertThat(content)
          .containsSubsequence("/F1 10 Tf", "/F2 10 Tf", "/F1 10 Tf", "/ActualText <FEFFc11cc6b8>");
      assertThat(sans.width("서울", 10)).isEqualTo(2 * sans.width("\uFFFD", 10));
    }
  }

  /** Draws {@code text} on a new page and answers the page's content stream. */
  private static String draw(PDDocument doc, PdfText font, String text) throws IOException {
    PDPage page = new PDPage();
    doc.addPage(page);
    try (PdfCanvas canvas = new PdfCanvas(doc, page)) {
      font.show(canvas, text, 10, 10, 10);
    }
    try (InputStream in = page.getContents()) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] bytes(String resource) throws IOException {
    try (InputStream in = PdfTextTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes();
    }
  }

  private Path resource(String resource, String name) throws IOException {
    return Files.write(dir.resolve(name), bytes(resource));
  }

  /**
   * A TrueType collection of the fonts: the header, then each font with its table offsets made
   * relative to the start of the collection.
   */
  private static byte[] collection(byte[]... fonts) {
    int header = 12 + 4 * fonts.length;
    int size = header;
    for (byte[] f : fonts) {
      size += (f.length + 3) & ~3;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put("ttcf".getBytes(StandardCharsets.US_ASCII)).putInt(0x00010000).putInt(fonts.length);
    int at = header;
    List<Integer> starts = new java.util.ArrayList<>();
    for (byte[] f : fonts) {
      out.putInt(at);
      starts.add(at);
      at += (f.length + 3) & ~3;
    }
    for (int i = 0; i < fonts.length; i++) {
      ByteBuffer font = ByteBuffer.wrap(fonts[i].clone());
      int tables = font.getShort(4) & 0xFFFF;
      for (int t = 0; t < tables; t++) {
        int field = 12 + 16 * t + 8;
        font.putInt(field, font.getInt(field) + starts.get(i));
      }
      out.put(starts.get(i), font.array());
    }
    return out.array();
  }
}
