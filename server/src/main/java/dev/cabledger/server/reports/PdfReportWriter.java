package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeSet;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Writes the PDF report as the scan goes: the table of changes a page at a time into a PDFBox
 * document whose streams live in a scratch file, the charts' figures gathered on the way; at the
 * end the cover and the charts are inserted before the table, the verification section appended,
 * and every page stamped "page n of m". The document in memory holds only each page's small
 * dictionary, never the period's rows.
 */
final class PdfReportWriter implements ReportSink, AutoCloseable {
  /** A4, landscape: the table's columns need the width. */
  static final PDRectangle PAGE =
      new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());

  static final float MARGIN = 36;
  private static final float ROW = 12;
  private static final float CELL = 7.5f;
  private static final float FOOTER = 20;

  /** Keys named in the verification section beyond the service's and the log's own. */
  static final int MAX_KEYS = 64;

  /** Problems the cover names; all of them are in the JSON report. */
  static final int COVER_PROBLEMS = 12;

  private record Column(String title, float width) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("Change", 105),
          new Column("Client", 105),
          new Column("Module", 95),
          new Column("Risk", 48),
          new Column("Decisions", 50),
          new Column("Approved by", 120),
          new Column("Approved at (UTC)", 112),
          new Column("Plan (SHA-256)", 95),
          new Column("Verified", 40));

  private static final String EXCEPTIONS = "Exceptions";
  private static final String ENDED = "Revoked and expired approvals";
  private static final String BLOCKED = "Blocked gate answers";
  private static final String OVERRIDES = "Policy overrides";
  private static final String EMERGENCIES = "Emergency changes";
  private static final String OVERDUE = "Overdue emergency reviews";

  private static final List<Column> EMERGENCY_COLUMNS =
      List.of(
          new Column("Change", 105),
          new Column("Client", 90),
          new Column("Approved by", 95),
          new Column("Approved at (UTC)", 112),
          new Column("Review due (UTC)", 112),
          new Column("Reviewed by", 95),
          new Column("Review", 76),
          new Column("Entry", 45),
          new Column("Verified", 40));

  /** The sections after the changes, in this order, each with its columns (the JSON's too). */
  private static final Map<String, List<Column>> SECTION_COLUMNS = sectionColumns();

  private static Map<String, List<Column>> sectionColumns() {
    Map<String, List<Column>> m = new LinkedHashMap<>();
    m.put(
        EXCEPTIONS,
        List.of(
            new Column("Exception", 100),
            new Column("Change", 100),
            new Column("Client", 90),
            new Column("Type", 85),
            new Column("Requested by", 100),
            new Column("Requested at (UTC)", 112),
            new Column("Decided", 98),
            new Column("Entry", 45),
            new Column("Verified", 40)));
    m.put(
        ENDED,
        List.of(
            new Column("Approval", 100),
            new Column("Change", 100),
            new Column("Client", 90),
            new Column("Approver", 95),
            new Column("How", 50),
            new Column("At (UTC)", 112),
            new Column("By, or the expiry", 138),
            new Column("Entry", 45),
            new Column("Verified", 40)));
    m.put(
        BLOCKED,
        List.of(
            new Column("Change", 105),
            new Column("Client", 90),
            new Column("Environment", 70),
            new Column("Asked by", 95),
            new Column("At (UTC)", 112),
            new Column("Reasons", 213),
            new Column("Entry", 45),
            new Column("Verified", 40)));
    m.put(
        OVERRIDES,
        List.of(
            new Column("Change", 105),
            new Column("Client", 90),
            new Column("Overridden by", 100),
            new Column("At (UTC)", 112),
            new Column("Plan (SHA-256)", 95),
            new Column("Reason", 183),
            new Column("Entry", 45),
            new Column("Verified", 40)));
    m.put(EMERGENCIES, EMERGENCY_COLUMNS);
    m.put(OVERDUE, EMERGENCY_COLUMNS);
    return Collections.unmodifiableMap(m);
  }

  private final PDDocument doc;
  private final PdfText sans;
  private final PdfText bold;
  private final PdfText mono;
  private final KeyRing ring;
  private final ChartFigures figures = new ChartFigures();
  private final TreeSet<String> signingKeys = new TreeSet<>();
  private final Table changes = new Table("Changes", COLUMNS);

  /** The sections after the table of changes, in the order the report has them. */
  private final Map<String, Table> sections = new LinkedHashMap<>();

  /**
   * A writer whose page store is a scratch file in {@code scratchDir}.
   *
   * @param ring the keys the log registered, for the verification section's fingerprints
   * @param fallbacks the host's fonts for the characters DejaVu lacks
   */
  PdfReportWriter(Path scratchDir, KeyRing ring, PdfFallbackFonts fallbacks) {
    this.ring = ring;
    doc =
        new PDDocument(
            MemoryUsageSetting.setupTempFileOnly().setTempDir(scratchDir.toFile()).streamCache);
    try {
      // One set for the three: a fallback font is embedded once, whichever style uses it.
      PdfFallbackFonts.InDocument others = fallbacks.forDocument(doc);
      sans = PdfText.load(doc, PdfText.SANS, others);
      bold = PdfText.load(doc, PdfText.SANS_BOLD, others);
      mono = PdfText.load(doc, PdfText.MONO, others);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean wantsSections() {
    return true;
  }

  @Override
  public void change(ReportedChange change) {
    figures.add(change);
    for (ReportedDecision d : change.decisions()) {
      for (String k : d.keyIds()) {
        if (signingKeys.size() < MAX_KEYS || signingKeys.contains(k)) {
          signingKeys.add(k);
        }
      }
    }
    try {
      row(change);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void row(ReportedChange c) throws IOException {
    changes.row(
        List.of(
            c.changeRequestId(),
            c.client(),
            c.module().orElse(""),
            c.riskLevel().orElse("unspecified"),
            Integer.toString(c.decisions().size()),
            c.approvedBy().orElse("not approved"),
            c.approvedAt().orElse(""),
            shortHash(c.planHash()),
            yesNo(c.signaturesValid() && c.entriesIncluded())));
  }

  @Override
  public void exception(ReportedException e) {
    String decided =
        e.decisions().isEmpty()
            ? "pending"
            : e.decisions().getLast().status() + " by " + e.decisions().getLast().approver();
    section(
        EXCEPTIONS,
        List.of(
            e.exceptionId(),
            e.changeRequestId(),
            e.client(),
            e.exceptionType(),
            e.requestedBy(),
            e.requestedAt(),
            decided,
            Long.toString(e.entryIndex()),
            yesNo(e.signatureValid() && e.included())));
  }

  @Override
  public void ended(EndedApproval a) {
    section(
        ENDED,
        List.of(
            a.approvalId(),
            a.changeRequestId(),
            a.client(),
            a.approver().orElse(""),
            a.how(),
            a.at(),
            a.revokedBy()
                .map(by -> by + a.reason().map(r -> ": " + r).orElse(""))
                .or(() -> a.expiryDate().map(d -> "expiry date " + d))
                .orElse(""),
            Long.toString(a.entryIndex()),
            yesNo(a.signatureValid() && a.included())));
  }

  @Override
  public void blockedGate(BlockedGateAnswer b) {
    section(
        BLOCKED,
        List.of(
            b.changeRequestId(),
            b.client(),
            b.environment(),
            b.askedBy(),
            b.evaluatedAt(),
            String.join("; ", b.reasons()),
            Long.toString(b.entryIndex()),
            yesNo(b.signatureValid() && b.included())));
  }

  @Override
  public void override(ReportedOverride o) {
    section(
        OVERRIDES,
        List.of(
            o.changeRequestId(),
            o.client(),
            o.overriddenBy(),
            o.overriddenAt(),
            shortHash(o.planHash()),
            o.reason(),
            Long.toString(o.entryIndex()),
            yesNo(o.signatureValid() && o.included())));
  }

  @Override
  public void emergency(ReportedEmergency e) {
    section(EMERGENCIES, emergencyCells(e));
  }

  @Override
  public void overdueReview(ReportedEmergency e) {
    section(OVERDUE, emergencyCells(e));
  }

  private static List<String> emergencyCells(ReportedEmergency e) {
    return List.of(
        e.changeRequestId(),
        e.client(),
        e.approvedBy(),
        e.approvedAt(),
        e.reviewDueAt(),
        e.reviewedBy().orElse(""),
        e.reviewStatus(),
        Long.toString(e.entryIndex()),
        yesNo(e.signaturesValid() && e.included()));
  }

  /** A record of a section: its table is made with its first record, and drawn as they come. */
  private void section(String title, List<String> cells) {
    try {
      sections.computeIfAbsent(title, t -> new Table(t, SECTION_COLUMNS.get(t))).row(cells);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A table drawn a row at a time onto pages of its own as its records arrive (the changes and the
   * sections arrive interleaved); {@link #finish} puts the pages in the report's order.
   */
  private final class Table {
    private final String title;
    private final List<Column> columns;
    private final List<PDPage> pages = new ArrayList<>();
    private PdfCanvas canvas;
    private float y;
    private long rows;

    Table(String title, List<Column> columns) {
      this.title = title;
      this.columns = columns;
    }

    void row(List<String> cells) throws IOException {
      if (canvas == null || y - ROW < MARGIN + FOOTER) {
        page();
      }
      if (rows % 2 == 1) {
        shade(y - 3, ROW);
      }
      cells(cells, sans, y);
      y -= ROW;
      rows++;
    }

    /** A line of text under the title instead of rows (an empty table). */
    void note(String text) throws IOException {
      page();
      sans.show(canvas, text, 9, MARGIN, y);
    }

    private void page() throws IOException {
      close();
      PDPage page = new PDPage(PAGE);
      doc.addPage(page);
      canvas = new PdfCanvas(doc, page);
      y = PAGE.getHeight() - MARGIN;
      bold.show(canvas, pages.isEmpty() ? title : title + " (continued)", 13, MARGIN, y);
      pages.add(page);
      y -= 20;
      cells(columns.stream().map(Column::title).toList(), bold, y);
      y -= 4;
      canvas.content().moveTo(MARGIN, y);
      canvas.content().lineTo(PAGE.getWidth() - MARGIN, y);
      canvas.content().stroke();
      y -= ROW;
    }

    /** A row's cells in one text object: each column starts where the one before it ends. */
    private void cells(List<String> values, PdfText font, float baseline) throws IOException {
      canvas.content().beginText();
      canvas.content().setFont(font.font(), CELL);
      canvas.content().newLineAtOffset(MARGIN, baseline);
      for (int i = 0; i < columns.size(); i++) {
        float w = columns.get(i).width();
        if (i > 0) {
          canvas.content().newLineAtOffset(columns.get(i - 1).width(), 0);
        }
        font.runs(canvas, font.fit(values.get(i), CELL, w - 4), CELL);
      }
      canvas.content().endText();
    }

    private void shade(float bottom, float height) throws IOException {
      canvas.content().setNonStrokingColor(0.94f, 0.95f, 0.97f);
      canvas.content().addRect(MARGIN, bottom, PAGE.getWidth() - 2 * MARGIN, height);
      canvas.content().fill();
      canvas.content().setNonStrokingColor(0f, 0f, 0f);
    }

    void close() throws IOException {
      if (canvas != null) {
        canvas.close();
        canvas = null;
      }
    }

    /** Moves the table's pages to the end of the document, in order. */
    void moveToEnd() {
      for (PDPage p : pages) {
        doc.getPages().remove(p);
        doc.addPage(p);
      }
    }
  }

  /**
   * Completes the document and writes it to {@code out}: the cover and the charts before the table,
   * the verification section after it, page numbers on every page.
   */
  void finish(ReportHeader header, OutputStream out) throws IOException {
    if (changes.rows == 0) {
      changes.note("No change had a CAB decision in the period.");
    }
    changes.close();
    // The sections' pages were added as their records came, among the table's: after it, in
    // the report's order.
    for (String title : SECTION_COLUMNS.keySet()) {
      Table t = sections.get(title);
      if (t != null) {
        t.close();
        t.moveToEnd();
      }
    }
    verification(header);
    PDPage cover = cover(header);
    PDPage charts = charts(header);
    PDPage firstTablePage = changes.pages.getFirst();
    doc.getPages().insertBefore(cover, firstTablePage);
    doc.getPages().insertBefore(charts, firstTablePage);
    pageNumbers(header.reportId());
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle("CAB compliance report " + header.reportId());
    info.setSubject(header.client() + ", " + header.period());
    info.setCreator("CAB Ledger");
    Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    created.setTimeInMillis(Instant.parse(header.generatedAt()).toEpochMilli());
    info.setCreationDate(created);
    // Without object streams, PDFBox writes each object as it goes instead of gathering them.
    doc.save(out, CompressParameters.NO_COMPRESSION);
  }

  private PDPage cover(ReportHeader h) throws IOException {
    PDPage page = new PDPage(PAGE);
    try (PdfCanvas c = new PdfCanvas(doc, page)) {
      float top = PAGE.getHeight() - MARGIN;
      float x = MARGIN;
      float width = PAGE.getWidth() - 2 * MARGIN;
      bold.show(c, "CAB compliance report", 24, x, top - 10);
      bold.show(c, bold.fit(h.client(), 16, width), 16, x, top - 40);
      sans.show(c, sans.fit(h.period(), 11, width), 11, x, top - 60);
      float yy = top - 90;
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("Period", h.from() + " to " + h.to() + " (the end excluded)");
      facts.put("Generated at", h.generatedAt());
      facts.put("Report id", h.reportId());
      facts.put("Risk level filter", h.filters().riskLevel().orElse("none"));
      facts.put("Approver filter", h.filters().approver().orElse("none"));
      facts.put("Total changes", String.format("%,d", h.totalChanges()));
      facts.put("Decisions", String.format("%,d", h.totalDecisions()));
      List<String> risks = new ArrayList<>();
      h.byRiskLevel().forEach((k, v) -> risks.add(k + " " + String.format("%,d", v)));
      facts.put("Changes by risk level", String.join(", ", risks));
      facts.put("All signatures present", yesNo(h.allSignaturesPresent()));
      facts.put("All signatures valid", yesNo(h.allSignaturesValid()));
      facts.put("All entries included", yesNo(h.allEntriesIncluded()));
      facts.put("Entries verified", String.format("%,d", h.entriesVerified()));
      facts.put(
          "In the sections",
          String.format(
              Locale.ROOT,
              "exceptions %,d · revoked or expired %,d · blocked gate answers %,d · overrides %,d"
                  + " · emergencies %,d · overdue reviews %,d",
              rowsOf(EXCEPTIONS),
              rowsOf(ENDED),
              rowsOf(BLOCKED),
              rowsOf(OVERRIDES),
              rowsOf(EMERGENCIES),
              rowsOf(OVERDUE)));
      facts.put(
          "Checkpoint",
          "size " + h.checkpoint().size() + ", root hash " + hex(h.checkpoint().rootHash()));
      for (Map.Entry<String, String> f : facts.entrySet()) {
        bold.show(c, f.getKey(), 10, x, yy);
        sans.show(c, sans.fit(f.getValue(), 10, width - 150), 10, x + 150, yy);
        yy -= 16;
      }
      yy -= 8;
      List<String> problems = h.problems();
      bold.show(
          c,
          problems.isEmpty()
              ? "Every entry the report took a value from verified."
              : problems.size() + " problems (the first are listed; the JSON report names all):",
          10,
          x,
          yy);
      yy -= 14;
      for (String p : problems.subList(0, Math.min(COVER_PROBLEMS, problems.size()))) {
        sans.show(c, sans.fit(p, 8, width), 8, x, yy);
        yy -= 11;
      }
    }
    return page;
  }

  private PDPage charts(ReportHeader h) throws IOException {
    PDPage page = new PDPage(PAGE);
    PdfCharts charts = new PdfCharts(doc, sans);
    try (PdfCanvas c = new PdfCanvas(doc, page)) {
      float top = PAGE.getHeight() - MARGIN;
      bold.show(c, "Charts", 13, MARGIN, top);
      int half = (int) ((PAGE.getWidth() - 2 * MARGIN - 20) / 2);
      int upper = 230;
      float upperY = top - 16 - upper;
      charts.draw(c, charts.byRisk(h.byRiskLevel(), half, upper), MARGIN, upperY);
      List<Map.Entry<String, Long>> approvers = figures.approvalsPerApprover();
      if (approvers.isEmpty()) {
        sans.show(c, "No approvals in the period.", 10, MARGIN + half + 20, upperY + upper / 2f);
      } else {
        charts.draw(c, charts.perApprover(approvers, half, upper), MARGIN + half + 20, upperY);
      }
      int lower = (int) (upperY - 12 - MARGIN - FOOTER);
      charts.draw(
          c,
          charts.perWeek(
              figures.decisionsPerWeek(Instant.parse(h.from()), Instant.parse(h.to())),
              (int) (PAGE.getWidth() - 2 * MARGIN),
              lower),
          MARGIN,
          MARGIN + FOOTER);
    }
    return page;
  }

  /** The verification section, appended after the table; it continues on a new page as needed. */
  private void verification(ReportHeader h) throws IOException {
    Flow f = new Flow();
    f.text(bold, "Verification", 13, 20);
    f.text(
        sans,
        "Every signature of the entries this report took values from verified: "
            + yesNo(h.allSignaturesValid()),
        10,
        14);
    f.text(
        sans,
        "Every such entry is proven included under the checkpoint below: "
            + yesNo(h.allEntriesIncluded()),
        10,
        14);
    f.text(sans, "Entries verified: " + String.format("%,d", h.entriesVerified()), 10, 20);
    f.text(bold, "Checkpoint", 11, 15);
    f.text(sans, "Tree size: " + h.checkpoint().size(), 9, 12);
    f.text(sans, "Root hash (hex): " + hex(h.checkpoint().rootHash()), 9, 12);
    f.text(sans, "Root hash (base64): " + h.checkpoint().rootHash(), 9, 12);
    f.text(sans, "Signed note (check it with the log's trust file):", 9, 12);
    for (String line : h.checkpoint().note().split("\n", -1)) {
      f.wrapped(mono, line, 7, 9);
    }
    f.gap(10);
    f.text(bold, "Keys", 11, 15);
    f.text(
        sans,
        "The service's and the log's keys, and the keys that signed the reported"
            + " decisions; fingerprint = SHA-256 of the public key (X.509 SubjectPublicKeyInfo).",
        8,
        12);
    for (RegisteredKey k : keys()) {
      f.text(
          mono,
          k.keyId().value() + "  " + k.purpose() + "  " + k.owner() + "  " + k.status().json(),
          7,
          9);
      f.text(mono, "  SHA-256 " + Digest.sha256(k.publicKey()).hex(), 7, 11);
    }
    f.gap(10);
    f.text(bold, "This report", 11, 15);
    f.text(sans, "Report id: " + h.reportId(), 9, 12);
    f.text(
        sans,
        "A file cannot hold its own hash. This report's SHA-256 is in its"
            + " REPORT_GENERATED entry in the log:",
        9,
        12);
    f.text(
        sans,
        "the signed statement whose subject is this report, with the period, the filters"
            + " and the checkpoint above. That entry is the",
        9,
        12);
    f.text(
        sans,
        "report's detached signature: GET /api/reports/"
            + h.reportId()
            + "/signature, or FILE.sig.json beside a report that cab-ledger report wrote.",
        9,
        20);
    f.text(bold, "How to verify it, offline, with public keys only", 11, 15);
    f.text(mono, "curl -s <server>/api/keys > keys.json", 8, 11);
    f.text(mono, "cab-ledger verify-report cab-report-" + h.reportId() + ".pdf \\", 8, 11);
    f.text(mono, "    cab-report-" + h.reportId() + ".pdf.sig.json --keys keys.json", 8, 14);
    f.text(
        sans,
        "Exit 0: this file is the report that was signed, by a service key valid when it"
            + " was made. Exit 1: it is not, and why.",
        9,
        12);
    f.text(
        sans,
        "To prove the entry is in the log and the checkpoint is the log's: cab-ledger"
            + " verify --trust log-trust.json --keys keys.json bundle.json",
        9,
        12);
    f.close();
  }

  /** The service's and the log's keys, then the keys that signed reported decisions. */
  private List<RegisteredKey> keys() {
    List<RegisteredKey> out = new ArrayList<>();
    out.addAll(ring.withPurpose("log"));
    out.addAll(ring.withPurpose("service"));
    for (String id : signingKeys) {
      ring.find(new KeyId(id)).filter(k -> !out.contains(k)).ifPresent(out::add);
    }
    return out;
  }

  /** Text that flows down appended pages. */
  private final class Flow {
    private PdfCanvas page;
    private float at;

    private void ensure(float height) throws IOException {
      if (page == null || at - height < MARGIN + FOOTER) {
        close();
        PDPage p = new PDPage(PAGE);
        doc.addPage(p);
        page = new PdfCanvas(doc, p);
        at = PAGE.getHeight() - MARGIN;
      }
    }

    void text(PdfText font, String s, float size, float advance) throws IOException {
      ensure(advance);
      font.show(page, font.fit(s, size, PAGE.getWidth() - 2 * MARGIN), size, MARGIN, at);
      at -= advance;
    }

    /** A long line (a signature's base64) broken to the width, for a fixed-width font. */
    void wrapped(PdfText font, String s, float size, float advance) throws IOException {
      float w = PAGE.getWidth() - 2 * MARGIN;
      int perLine = Math.max(1, (int) (w / Math.max(1f, font.width("0", size))) - 1);
      for (int i = 0; i < Math.max(1, s.length()); i += perLine) {
        text(font, s.substring(i, Math.min(s.length(), i + perLine)), size, advance);
      }
    }

    void gap(float height) {
      at -= height;
    }

    void close() throws IOException {
      if (page != null) {
        page.close();
        page = null;
      }
    }
  }

  private void pageNumbers(String reportId) throws IOException {
    int total = doc.getNumberOfPages();
    int n = 0;
    for (PDPage page : doc.getPages()) {
      n++;
      try (PDPageContentStream c =
          new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        String text = "CAB Ledger report " + reportId + "  ·  page " + n + " of " + total;
        float w = sans.width(text, 8);
        c.beginText();
        c.setFont(sans.font(), 8);
        c.newLineAtOffset(PAGE.getWidth() - MARGIN - w, MARGIN - 12);
        c.showText(text);
        c.endText();
      }
    }
  }

  private static String shortHash(String hex) {
    return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
  }

  /** Records in a section; none when it has no table. */
  private long rowsOf(String section) {
    Table t = sections.get(section);
    return t == null ? 0 : t.rows;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "NO";
  }

  private static String hex(String base64) {
    return Digest.fromBase64(base64).hex();
  }

  @Override
  public void close() {
    try {
      changes.close();
      for (Table t : sections.values()) {
        t.close();
      }
    } catch (IOException e) {
      // The document is discarded.
    }
    try {
      doc.close();
    } catch (IOException e) {
      // Its scratch file is deleted on close; a failure leaves it under the draft directory.
    }
  }
}
