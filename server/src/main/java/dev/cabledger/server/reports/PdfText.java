package dev.cabledger.server.reports;

import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A TrueType font embedded as a subset (only the glyphs used), and how to write any text with it. A
 * character the font has no glyph for is drawn with the first of the host's fallback fonts that has
 * one ({@link PdfFallbackFonts}), switching fonts for that run of characters; one that no font has
 * is drawn as U+FFFD inside a span whose {@code ActualText} is the character, so that copying,
 * searching and text extraction still give the name as it is. Control characters are written as
 * spaces.
 */
final class PdfText {
  /** DejaVu Sans: Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic and many symbols. */
  static final String SANS = "net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf";

  static final String SANS_BOLD = "net/sf/jasperreports/fonts/dejavu/DejaVuSans-Bold.ttf";
  static final String MONO = "net/sf/jasperreports/fonts/dejavu/DejaVuSansMono.ttf";

  private static final int REPLACEMENT = 0xFFFD;
  private static final String ELLIPSIS = "…";

  /** {@link #face}: the font itself, and no font at all. */
  private static final int OWN = -1;

  private static final int NONE = -2;

  private final PDType0Font font;
  private final PdfFallbackFonts.InDocument fallbacks;
  private final BitSet looked = new BitSet();
  private final BitSet present = new BitSet();
  // Widths in font units by code point, asked once each: a table of many thousand rows measures
  // every cell to fit it.
  private final Map<Integer, Float> widths = new HashMap<>();

  private PdfText(PDType0Font font, PdfFallbackFonts.InDocument fallbacks) {
    this.font = font;
    this.fallbacks = fallbacks;
  }

  /**
   * Loads a font of the class path into {@code doc}, to be embedded as a subset; the font file is
   * closed with the document. The characters it lacks are drawn with {@code fallbacks}.
   */
  static PdfText load(PDDocument doc, String resource, PdfFallbackFonts.InDocument fallbacks)
      throws IOException {
    try (InputStream in = PdfText.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the font " + resource + " is not on the class path");
      }
      TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(in));
      doc.registerTrueTypeFontForClosing(ttf);
      // No glyph substitution: DejaVu's ligatures would turn "fi" into U+FB01 in the extracted
      // text, so that a search for "verified" fails, and PDFBox applies them with a regular
      // expression compiled per line of text.
      ttf.setEnableGsub(false);
      return new PdfText(PDType0Font.load(doc, ttf, true), fallbacks);
    }
  }

  PDType0Font font() {
    return font;
  }

  /**
   * Which font draws the code point: {@link #OWN}, a fallback's index, or {@link #NONE} (U+FFFD).
   */
  private int face(int codePoint) {
    if (has(codePoint)) {
      return OWN;
    }
    int fallback = fallbacks.faceOf(codePoint);
    return fallback >= 0 ? fallback : NONE;
  }

  /** Whether the font has a glyph for the code point (asked once per code point). */
  private boolean has(int codePoint) {
    if (!looked.get(codePoint)) {
      looked.set(codePoint);
      try {
        font.encode(Character.toString(codePoint));
        present.set(codePoint);
      } catch (IllegalArgumentException | IOException e) {
        // No glyph: drawn as U+FFFD with the character as its ActualText.
      }
    }
    return present.get(codePoint);
  }

  private static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return b.toString();
  }

  private float units(int codePoint) throws IOException {
    Float w = widths.get(codePoint);
    if (w == null) {
      int face = face(codePoint);
      w =
          switch (face) {
            case OWN -> font.getStringWidth(Character.toString(codePoint));
            case NONE -> font.getStringWidth(Character.toString(REPLACEMENT));
            default -> fallbacks.font(face).getStringWidth(Character.toString(codePoint));
          };
      widths.put(codePoint, w);
    }
    return w;
  }

  /** The width of {@code text} at {@code size} points. */
  float width(String text, float size) throws IOException {
    float units = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      units += units(Character.isISOControl(cp) ? ' ' : cp);
    }
    return units / 1000 * size;
  }

  /** {@code text}, cut to fit {@code max} points with an ellipsis when it is longer. */
  String fit(String text, float size, float max) throws IOException {
    String t = printable(text);
    if (width(t, size) <= max) {
      return t;
    }
    // One pass over the code points: the longest start that leaves room for the ellipsis.
    float limit = max - width(ELLIPSIS, size);
    float used = 0;
    int end = 0;
    while (end < t.length()) {
      int cp = t.codePointAt(end);
      float w = units(cp) / 1000 * size;
      if (used + w > limit) {
        break;
      }
      used += w;
      end += Character.charCount(cp);
    }
    return t.substring(0, end) + ELLIPSIS;
  }

  /** Writes one line of text with its baseline's start at (x, y). */
  void show(PdfCanvas canvas, String text, float size, float x, float y) throws IOException {
    canvas.content().beginText();
    canvas.content().setFont(font, size);
    canvas.content().newLineAtOffset(x, y);
    runs(canvas, text, size);
    canvas.content().endText();
  }

  /**
   * Writes {@code text} where the open text object stands, in this font at {@code size} (set by the
   * caller): the runs of characters the font has as they are, each run a fallback font has in that
   * font (the font set back after it), each other run as U+FFFD with the run as its ActualText.
   */
  void runs(PdfCanvas canvas, String text, float size) throws IOException {
    int[] cps = printable(text).codePoints().toArray();
    PDType0Font current = font;
    int i = 0;
    while (i < cps.length) {
      int face = face(cps[i]);
      int j = i + 1;
      while (j < cps.length && face(cps[j]) == face) {
        j++;
      }
      PDType0Font runFont = face >= 0 ? fallbacks.font(face) : font;
      if (runFont != current) {
        canvas.content().setFont(runFont, size);
        current = runFont;
      }
      String run = new String(cps, i, j - i);
      if (face == NONE) {
        canvas.beginActualText(run);
        canvas.content().showText(Character.toString(REPLACEMENT).repeat(j - i));
        canvas.endActualText();
      } else {
        canvas.content().showText(run);
      }
      i = j;
    }
    if (current != font) {
      canvas.content().setFont(font, size);
    }
  }
}
