package dev.cabledger.server.reports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphTable;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The host's fonts for the characters DejaVu Sans lacks ({@code cab.reports.pdf.fallback-fonts}),
 * in their configured order. Each file is read and checked once per process, when a report first
 * needs it: its bytes and the code points each of its fonts has stay in memory. Each document
 * parses the fonts it uses from those bytes: fontbox reads a font's tables lazily through one
 * stream position, so a parsed font is not shared between reports made at the same time. A file
 * that does not exist is skipped without a word and looked for again by the next report, so that a
 * font installed later is used without a restart; one that cannot be read, or whose glyphs are not
 * TrueType outlines, is logged once and skipped.
 */
@Component
final class PdfFallbackFonts {
  private static final Logger log = LoggerFactory.getLogger(PdfFallbackFonts.class);

  private final List<FontFile> files;

  PdfFallbackFonts(PdfFontProperties properties) {
    files = properties.fallbackFonts().stream().map(p -> new FontFile(Path.of(p))).toList();
  }

  /** The fallback fonts for one document, each embedded in it (as a subset) once it is used. */
  InDocument forDocument(PDDocument doc) {
    return new InDocument(doc, files);
  }

  /** One font of a file: where it is in the file, and which code points it has a glyph for. */
  static final class Face {
    private final Path path;
    private final byte[] bytes;
    // Its index in a collection, or -1 for a .ttf file.
    private final int index;
    private final BitSet coverage;

    private Face(Path path, byte[] bytes, int index, BitSet coverage) {
      this.path = path;
      this.bytes = bytes;
      this.index = index;
      this.coverage = coverage;
    }

    Path path() {
      return path;
    }

    boolean has(int codePoint) {
      return coverage.get(codePoint);
    }

    /** Parses this font from the file's bytes, for one document. */
    private TrueTypeFont parse() throws IOException {
      if (index < 0) {
        return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
      }
      // The fonts of a collection share its stream, which the document closes with the font.
      List<TrueTypeFont> fonts = new ArrayList<>();
      TrueTypeCollection ttc = new TrueTypeCollection(new ByteArrayInputStream(bytes));
      ttc.processAllFonts(fonts::add);
      if (index >= fonts.size()) {
        ttc.close();
        throw new IOException("font " + index + " of " + path + " is gone");
      }
      return fonts.get(index);
    }
  }

  /** One configured file, read at most once. */
  private static final class FontFile {
    private final Path path;
    private Optional<List<Face>> loaded = Optional.empty();

    FontFile(Path path) {
      this.path = path;
    }

    synchronized List<Face> faces() {
      if (loaded.isEmpty()) {
        if (!Files.exists(path)) {
          return List.of();
        }
        loaded = Optional.of(load());
      }
      return loaded.orElseThrow();
    }

    private List<Face> load() {
      try {
        byte[] bytes = Files.readAllBytes(path);
        List<Face> faces = new ArrayList<>();
        int[] fonts = {0};
        if (tag(bytes).equals("ttcf")) {
          try (TrueTypeCollection ttc = new TrueTypeCollection(new ByteArrayInputStream(bytes))) {
            ttc.processAllFonts(font -> face(bytes, fonts[0]++, font).ifPresent(faces::add));
          }
        } else {
          // OTFParser reads CFF fonts as well, so that they are refused below with a clear reason.
          try (TrueTypeFont font = new OTFParser().parse(new RandomAccessReadBuffer(bytes))) {
            fonts[0]++;
            face(bytes, -1, font).ifPresent(faces::add);
          }
        }
        if (faces.isEmpty()) {
          log.warn(
              "PDF fallback font {} skipped: its glyphs are not TrueType outlines (glyf table),"
                  + " the only ones the report embeds (CFF fonts, such as .otf, are not)",
              path);
        } else {
          log.info("PDF fallback font {}: {} of its {} font(s) used", path, faces.size(), fonts[0]);
        }
        return List.copyOf(faces);
      } catch (IOException | RuntimeException e) {
        log.warn("PDF fallback font {} skipped: it cannot be read ({})", path, e.toString());
        return List.of();
      }
    }

    private static String tag(byte[] bytes) {
      return bytes.length < 4 ? "" : new String(bytes, 0, 4, StandardCharsets.ISO_8859_1);
    }

    /** The font as a face, if its glyphs are TrueType outlines and it maps Unicode. */
    private Optional<Face> face(byte[] bytes, int index, TrueTypeFont font) throws IOException {
      if (!font.getTableMap().containsKey(GlyphTable.TAG)) {
        return Optional.empty();
      }
      CmapLookup cmap = font.getUnicodeCmapLookup(false);
      if (cmap == null) {
        return Optional.empty();
      }
      // The code points of every glyph but .notdef: what PDType0Font will encode with this font.
      BitSet coverage = new BitSet();
      for (int gid = 1; gid < font.getNumberOfGlyphs(); gid++) {
        List<Integer> codes = cmap.getCharCodes(gid);
        if (codes != null) {
          codes.forEach(coverage::set);
        }
      }
      return Optional.of(new Face(path, bytes, index, coverage));
    }
  }

  /**
   * The fallback fonts of one document. A file is read (once per process) only when a character is
   * in none of the fonts before it. Not thread-safe, as the document is not.
   */
  static final class InDocument {
    private final PDDocument doc;
    private final List<FontFile> files;
    // The fonts of the files looked at so far, in order: an index stays the same font.
    private final List<Face> faces = new ArrayList<>();
    private int filesLooked;
    private final Map<Integer, PDType0Font> fonts = new HashMap<>();

    private InDocument(PDDocument doc, List<FontFile> files) {
      this.doc = doc;
      this.files = files;
    }

    /** No fallback: every character DejaVu lacks is drawn as U+FFFD. */
    static InDocument none(PDDocument doc) {
      return new InDocument(doc, List.of());
    }

    /** The first font that has a glyph for the code point, as its index, or -1. */
    int faceOf(int codePoint) {
      for (int i = 0; ; i++) {
        while (i >= faces.size() && filesLooked < files.size()) {
          faces.addAll(files.get(filesLooked++).faces());
        }
        if (i >= faces.size()) {
          return -1;
        }
        if (faces.get(i).has(codePoint)) {
          return i;
        }
      }
    }

    Face face(int index) {
      return faces.get(index);
    }

    /** The font of {@link #faceOf}'s index, parsed and loaded into the document when first used. */
    PDType0Font font(int index) throws IOException {
      PDType0Font font = fonts.get(index);
      if (font == null) {
        TrueTypeFont ttf = faces.get(index).parse();
        doc.registerTrueTypeFontForClosing(ttf);
        // As for DejaVu: no glyph substitution, the text extracted is the text written.
        ttf.setEnableGsub(false);
        font = PDType0Font.load(doc, ttf, true);
        fonts.put(index, font);
      }
      return font;
    }
  }
}
