package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.server.workflow.CheckpointView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PDF report as a reader sees it: rendered by poppler, its text extracted, the client's name in
 * any script, the figures, the checkpoint, and page numbers; its fonts embedded as subsets.
 */
class PdfReportWriterTest {
  static final String CLIENT = "Zürich-Ω-東京";
  static final Digest ROOT =
      Digest.sha256("root".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @TempDir Path dir;

  static ReportedDecision decision(String approver, String status, String at) {
    return new ReportedDecision(
        "0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10",
        41,
        status.equals("denied") ? "CAB_REJECTED" : "CAB_APPROVED",
        approver,
        "CAB_APPROVER",
        status,
        at,
        "ab".repeat(32),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        List.of("mldsa65-0011223344556677"),
        Optional.of("mldsa65-0011223344556677"),
        true,
        true,
        List.of());
  }

  static ReportedChange change(String id, String risk, List<ReportedDecision> decisions) {
    return change(id, CLIENT, risk, decisions);
  }

  static ReportedChange change(
      String id, String client, String risk, List<ReportedDecision> decisions) {
    ReportedDecision last = decisions.getLast();
    return new ReportedChange(
        id,
        last.approves() ? Optional.of(last.approver()) : Optional.empty(),
        last.approves() ? Optional.of(last.decidedAt()) : Optional.empty(),
        Optional.of("network/core"),
        client,
        Optional.of(risk),
        "cd".repeat(32),
        true,
        Optional.of("mldsa65-0011223344556677"),
        Optional.of("Open port 443"),
        Optional.of("prod"),
        Optional.of("user:rita"),
        Optional.of("2026-03-01T10:00:00Z"),
        true,
        true,
        decisions);
  }

  static ReportHeader header(ReportSummary s, List<String> problems) {
    return header(s, problems, CLIENT);
  }

  static ReportHeader header(ReportSummary s, List<String> problems, String client) {
    return new ReportHeader(
        "2026-04-01T00:00:00Z",
        "2026-03-01T00:00:00Z to 2026-04-01T00:00:00Z",
        client,
        s.totalChanges(),
        s.byRiskLevel(),
        s.allSignaturesPresent(),
        s.allSignaturesValid(),
        s.allEntriesIncluded(),
        new CheckpointView(
            4711,
            ROOT.base64(),
            "cab-ledger.example/log\n4711\n"
                + ROOT.base64()
                + "\n\n— log "
                + "A".repeat(600)
                + "\n"),
        "122c280e-d673-46dd-9ce9-3726df445086",
        "2026-03-01T00:00:00Z",
        "2026-04-01T00:00:00Z",
        new ReportHeader.Filters(
            Optional.of(client), List.of(), Optional.empty(), Optional.empty()),
        s.totalDecisions(),
        s.totalOverrides(),
        s.totalEmergencyChanges(),
        s.totalOverdueReviews(),
        s.entriesVerified(),
        problems);
  }

  private Path write(List<ReportedChange> changes, List<String> problems) throws IOException {
    return write(changes, problems, CLIENT);
  }

  private Path write(List<ReportedChange> changes, List<String> problems, String client)
      throws IOException {
    ReportSummary summary = new ReportSummary();
    Path pdf = dir.resolve("report.pdf");
    try (PdfReportWriter writer = new PdfReportWriter(dir, KeyRing.of(List.of()), PdfTools.cjk());
        OutputStream out = Files.newOutputStream(pdf)) {
      for (ReportedChange c : changes) {
        summary.change(c);
        writer.change(c);
      }
      writer.finish(header(summary, problems, client), out);
    }
    return pdf;
  }

  @Test
  void finish_aMonthOfChanges_rendersEveryPageAndItsTextHoldsTheFiguresAndTheClient()
      throws Exception {
    List<String> risks = List.of("low", "medium", "high", "critical", "low");
    List<ReportedChange> changes = new java.util.ArrayList<>();
    for (int i = 0; i < 130; i++) {
      String day = String.format("2026-03-%02dT12:00:00Z", 1 + i % 28);
      changes.add(
          change(
              "CR-" + (1000 + i),
              risks.get(i % risks.size()),
              List.of(
                  decision("user:ålice-" + (i % 3), "approved", day),
                  decision("user:bob", i % 4 == 0 ? "denied" : "approved", day))));
    }

    Path pdf = write(changes, List.of());

    int pages;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      pages = doc.getNumberOfPages();
      for (PDPage page : doc.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertThat(font.isEmbedded()).as(font.getName()).isTrue();
          // A subset's name begins with six capitals and a plus sign (ISO 32000-1 §9.6.4).
          assertThat(font.getName()).matches("[A-Z]{6}\\+.*");
        }
      }
    }
    // Cover, charts, 130 rows over several table pages, the verification section.
    assertThat(pages).isGreaterThanOrEqualTo(6);
    Path images = Files.createDirectory(dir.resolve("png"));
    assertThat(PdfTools.render(pdf, images)).hasSize(pages);
    String text = PdfTools.text(pdf);
    assertThat(text)
        .contains("CAB compliance report")
        .contains(CLIENT)
        .contains("Total changes 130")
        .contains("Decisions 260")
        .contains("low 52, medium 26, high 26, critical 26")
        .contains("All signatures valid yes")
        // Plain letters, no ligature glyphs: a reader's search for "verified" finds it.
        .contains("Every entry the report took a value from verified.")
        .contains("CR-1000")
        .contains("CR-1129")
        .contains(ROOT.hex())
        .contains("REPORT_GENERATED")
        .contains("cab-ledger verify-report")
        .contains("page 1 of " + pages)
        .contains("page " + pages + " of " + pages);
  }

  @Test
  void finish_sectionRecords_drawnAsTablesAfterTheChangesAndCountedOnTheCover() throws Exception {
    ReportSummary summary = new ReportSummary();
    Path pdf = dir.resolve("sections.pdf");
    ReportedChange change =
        change("CR-7", "high", List.of(decision("user:alice", "approved", "2026-03-02T09:00:00Z")));
    try (PdfReportWriter writer = new PdfReportWriter(dir, KeyRing.of(List.of()), PdfTools.cjk());
        OutputStream out = Files.newOutputStream(pdf)) {
      assertThat(writer.wantsSections()).isTrue();
      // Records arrive interleaved with the changes, as the scan finds them.
      for (int i = 0; i < 90; i++) {
        writer.blockedGate(
            new BlockedGateAnswer(
                "CR-B" + i,
                CLIENT,
                "ab".repeat(32),
                "production",
                "2026-03-03T10:00:00Z",
                "user:deployer",
                List.of("missing-quorum: 1 of 2 CAB approvals", "denied: by user:carol"),
                100 + i,
                true,
                true));
        if (i == 40) {
          summary.change(change);
          writer.change(change);
          writer.override(
              new ReportedOverride(
                  "CR-9",
                  CLIENT,
                  "cd".repeat(32),
                  "user:admin",
                  "2026-03-04T11:00:00Z",
                  "outage at the bank, approved by phone",
                  300,
                  true,
                  false));
        }
      }
      writer.ended(
          new EndedApproval(
              "7d1f0e4a-0000-4000-8000-000000000001",
              "CR-7",
              CLIENT,
              Optional.of("cab"),
              Optional.of("user:alice"),
              Optional.of("2026-03-02T09:00:00Z"),
              "revoked",
              "2026-03-05T08:00:00Z",
              Optional.of("user:admin"),
              Optional.of("key compromised"),
              Optional.empty(),
              400,
              true,
              true));
      writer.exception(
          new ReportedException(
              "EX-1",
              "CR-7",
              CLIENT,
              "vulnerability_scan",
              "cd".repeat(32),
              "user:pipeline",
              "2026-03-02T08:00:00Z",
              "scanner down",
              List.of("WAF rule"),
              401,
              true,
              true,
              List.of(decision("user:sec", "approved", "2026-03-02T08:30:00Z"))));
      ReportedEmergency emergency =
          new ReportedEmergency(
              "CR-E",
              CLIENT,
              Optional.of("hotfix"),
              Optional.of("outage"),
              "ef".repeat(32),
              "user:oncall",
              "CAB_APPROVER",
              "2026-03-06T01:00:00Z",
              "2026-03-08T01:00:00Z",
              Optional.empty(),
              Optional.empty(),
              "overdue",
              402,
              true,
              true);
      writer.emergency(emergency);
      writer.overdueReview(emergency);
      writer.finish(header(summary, List.of()), out);
    }

    String text = PdfTools.text(pdf);

    assertThat(text)
        .contains(
            "exceptions 1 · revoked or expired 1 · blocked gate answers 90 · overrides 1"
                + " · emergencies 1 · overdue reviews 1")
        .contains("CR-B0")
        .contains("CR-B89")
        .contains("missing-quorum: 1 of 2 CAB approvals; denied")
        .contains("Blocked gate answers (continued)")
        .contains("outage at the bank")
        .contains("user:admin: key compromised")
        .contains("approved by user:sec")
        .contains("overdue");
    // The changes, then each section in the report's order, then the verification: each
    // heading followed by its table's first column (pdftotext's text, whitespace collapsed).
    List<String> order =
        List.of(
            "Changes Change Client",
            "Exceptions Exception Change",
            "Revoked and expired approvals Approval Change",
            "Blocked gate answers Change Client",
            "Policy overrides Change Client",
            "Emergency changes Change Client",
            "Overdue emergency reviews Change Client",
            "Verification Every signature");
    int at = -1;
    for (String heading : order) {
      int next = text.indexOf(heading, at + 1);
      assertThat(next).as(heading + ", after the one before").isGreaterThan(at);
      at = next;
    }
    // The override's entry did not prove included: its row says so.
    assertThat(text).contains("outage at the bank, approved by phone 300 NO");
    int pages;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      pages = doc.getNumberOfPages();
    }
    assertThat(PdfTools.render(pdf, Files.createDirectory(dir.resolve("png")))).hasSize(pages);
  }

  @Test
  void finish_noChangeAndProblems_saysSoAndNamesTheProblems() throws Exception {
    Path pdf =
        write(List.of(), List.of("entry 41 of change CR-1 (CAB_APPROVED): signature invalid"));

    String text = PdfTools.text(pdf);

    assertThat(text)
        .contains("Total changes 0")
        .contains("No change had a CAB decision in the period.")
        .contains("1 problems")
        .contains("entry 41 of change CR-1 (CAB_APPROVED): signature invalid");
    assertThat(PdfTools.render(pdf, Files.createDirectory(dir.resolve("png")))).hasSize(4);
  }

  @Test
  void finish_aClientNamedInCjk_drawsItWithTheHostsFallbackFontEmbeddedAsASubset()
      throws Exception {
    String client = "客户-東京-서울";
    List<ReportedChange> changes =
        List.of(
            change(
                "CR-1",
                client,
                "high",
                List.of(decision("user:東京-ålice", "approved", "2026-03-02T12:00:00Z"))));

    Path pdf = write(changes, List.of(), client);

    // Every character as signed, on the cover and in the table.
    assertThat(PdfTools.text(pdf)).contains(client).contains("CR-1 " + client);
    List<String> fonts = PdfTools.fonts(pdf);
    // name, type, encoding, emb, sub, uni, object and generation
    assertThat(fonts)
        .anySatisfy(f -> assertThat(f).matches("[A-Z]{6}\\+DejaVuSans\\s.*yes\\s+yes\\s+yes\\s.*"))
        .anySatisfy(
            f ->
                assertThat(f)
                    .matches(
                        "[A-Z]{6}\\+DroidSansFallback\\S*\\s+CID TrueType\\s.*yes\\s+yes\\s+yes\\s.*"));
    // What each fallback font draws: the first in the list (Droid Sans Fallback) the ideographs,
    // the next that has them (WenQuanYi Micro Hei) the Hangul Droid lacks.
    assertThat(drawnBy(pdf, "+DroidSansFallback")).containsExactlyInAnyOrder("客", "户", "東", "京");
    assertThat(drawnBy(pdf, "+WenQuanYi")).containsExactlyInAnyOrder("서", "울");
  }

  /** The characters the cover draws with the fonts whose names contain {@code font}. */
  private static Set<String> drawnBy(Path pdf, String fontName) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDResources cover = doc.getPage(0).getResources();
      Set<String> drawn = new TreeSet<>();
      for (COSName name : cover.getFontNames()) {
        PDFont font = cover.getFont(name);
        if (font.getName().contains(fontName)) {
          // Its ToUnicode map, as PDFBox writes it: lines "<first> <last> <UTF-16BE of first>".
          try (InputStream in =
              font.getCOSObject().getCOSStream(COSName.TO_UNICODE).createInputStream()) {
            Matcher m =
                Pattern.compile("<(\\p{XDigit}+)> <(\\p{XDigit}+)> <(\\p{XDigit}{4})>")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            while (m.find()) {
              int first = Integer.parseInt(m.group(1), 16);
              int last = Integer.parseInt(m.group(2), 16);
              int unicode = Integer.parseInt(m.group(3), 16);
              for (int c = first; c <= last; c++) {
                drawn.add(Character.toString(unicode + c - first));
              }
            }
          }
        }
      }
      return drawn;
    }
  }
}
