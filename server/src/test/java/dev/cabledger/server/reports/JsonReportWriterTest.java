package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The JSON report as a file: the summary first though it is known last, the sections after it in
 * their order, and the file exactly the bytes that were hashed.
 */
class JsonReportWriterTest {
  @TempDir Path dir;

  private static ReportedChange change(String id, String risk) {
    return PdfReportWriterTest.change(
        id,
        risk,
        List.of(PdfReportWriterTest.decision("user:alice", "approved", "2026-03-02T10:00:00Z")));
  }

  private static ReportedException exception(String id) {
    return new ReportedException(
        "5c3e1f0a-7d2b-4f6e-9a8c-1b2d3e4f5a6b",
        id,
        "acme",
        "SECURITY",
        "ab".repeat(32),
        "user:sec",
        "2026-03-03T10:00:00Z",
        "port 22 open for the migration",
        List.of("bastion only"),
        17,
        true,
        true,
        List.of());
  }

  /** Writes the changes and one exception, finishes with the counted summary, and keeps it. */
  private ReportStore.Stored write(List<ReportedChange> changes, List<String> problems)
      throws IOException {
    ReportSummary summary = new ReportSummary();
    ReportStore store = ReportStore.in(dir);
    try (ReportStore.Draft draft = store.draft()) {
      ReportHeader opening = PdfReportWriterTest.header(new ReportSummary(), List.of());
      try (JsonReportWriter json = new JsonReportWriter(draft, opening.widest())) {
        for (ReportedChange c : changes) {
          summary.change(c);
          json.change(c);
        }
        json.exception(exception("CR-EXC"));
        json.finish(PdfReportWriterTest.header(summary, problems));
      }
      return draft.keep(ReportFormat.JSON);
    }
  }

  @Test
  void finish_summaryFirstInTheRoomLeftForIt_thenTheSectionsInOrder() throws IOException {
    ReportStore.Stored stored =
        write(List.of(change("CR-1", "high"), change("CR-2", "low")), List.of());

    byte[] bytes = Files.readAllBytes(stored.file());
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(stored.hash()).isEqualTo(Digest.sha256(bytes));
    assertThat(stored.size()).isEqualTo(bytes.length);
    assertThat(text).startsWith("{\"generatedAt\":\"2026-04-01T00:00:00Z\"").endsWith("}\n");
    // The unused room is spaces, between the summary's last member and the first section.
    assertThat(text).containsPattern("\"problems\":\\[\\] +,\"changes\":\\[\\{");

    JsonNode report = ReportJson.MAPPER.readTree(bytes);
    List<String> members = new ArrayList<>(report.propertyNames());
    assertThat(members.subList(0, 5))
        .containsExactly("generatedAt", "period", "client", "totalChanges", "byRiskLevel");
    assertThat(members.subList(members.indexOf("problems") + 1, members.size()))
        .containsExactlyElementsOf(JsonReportWriter.SECTIONS);
    assertThat(report.get("totalChanges").asLong()).isEqualTo(2);
    assertThat(report.get("byRiskLevel").get("high").asLong()).isEqualTo(1);
    assertThat(report.get("changes")).hasSize(2);
    assertThat(report.get("changes").get(1).get("changeRequestId").asString()).isEqualTo("CR-2");
    assertThat(report.get("exceptions").get(0).get("changeRequestId").asString())
        .isEqualTo("CR-EXC");
    assertThat(report.get("overdueReviews")).isEmpty();
  }

  @Test
  void finish_summaryWithProblemsLongerThanItsRoom_movesTheSectionsAlong() throws IOException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      problems.add("entry " + i + " (CAB_APPROVED): the signature does not verify against key k");
    }
    List<ReportedChange> changes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      changes.add(change("CR-" + i, "medium"));
    }

    ReportStore.Stored stored = write(changes, problems);

    byte[] bytes = Files.readAllBytes(stored.file());
    assertThat(stored.hash()).isEqualTo(Digest.sha256(bytes));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).contains("the signature does not verify against key k\"],\"changes\":[{");
    JsonNode report = ReportJson.MAPPER.readTree(bytes);
    assertThat(report.get("problems")).hasSize(1000);
    assertThat(report.get("changes")).hasSize(300);
    assertThat(report.get("changes").get(299).get("changeRequestId").asString())
        .isEqualTo("CR-299");
    assertThat(report.get("exceptions")).hasSize(1);
  }

  @Test
  void finish_noRecords_emptySectionsAfterTheSummary() throws IOException {
    ReportStore.Stored stored = write(List.of(), List.of());

    JsonNode report = ReportJson.MAPPER.readTree(Files.readAllBytes(stored.file()));
    assertThat(report.get("totalChanges").asLong()).isZero();
    assertThat(report.get("changes")).isEmpty();
    assertThat(report.get("exceptions")).hasSize(1);
  }
}
