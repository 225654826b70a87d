package dev.cabledger.server.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;

/**
 * One page's content: PDFBox's drawing operators, and marked content that carries the text a run of
 * glyphs stands for ({@code /ActualText}) in an inline dictionary, which PDFBox's stream does not
 * write and text extractors read only inline. Both write to the same compressed stream, in order.
 */
final class PdfCanvas implements AutoCloseable {
  private final OutputStream raw;
  private final PDPageContentStream content;

  PdfCanvas(PDDocument doc, PDPage page) throws IOException {
    PDResources resources = new PDResources();
    page.setResources(resources);
    PDStream stream = new PDStream(doc);
    // PDFBox writes operators a byte at a time.
    raw = new BufferedOutputStream(stream.createOutputStream(COSName.FLATE_DECODE), 8192);
    // A content stream over our own output, adding fonts to the page's resources.
    PDAppearanceStream form = new PDAppearanceStream(doc);
    form.setResources(resources);
    content = new PDPageContentStream(doc, form, raw);
    page.setContents(stream);
  }

  /** PDFBox's operators for this page. */
  PDPageContentStream content() {
    return content;
  }

  /** Begins a span whose glyphs stand for {@code text} (ISO 32000-1 §14.9.4). */
  void beginActualText(String text) throws IOException {
    // A text string: UTF-16BE with its byte order mark, as a hex string.
    String hex = "FEFF" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_16BE));
    raw.write(("/Span <</ActualText <" + hex + ">>> BDC\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Ends the span. */
  void endActualText() throws IOException {
    content.endMarkedContent();
  }

  @Override
  public void close() throws IOException {
    content.close();
  }
}
