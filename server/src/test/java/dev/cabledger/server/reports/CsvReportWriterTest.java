package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvReportWriterTest {
  private static ReportedDecision decision(String justification, List<String> conditions) {
    return new ReportedDecision(
        "0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10",
        41,
        "CAB_APPROVED",
        "user:alice",
        "CAB_APPROVER",
        conditions.isEmpty() ? "approved" : "conditional",
        "2026-04-01T14:30:00Z",
        "ab".repeat(32),
        conditions,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.of("2026-05-01T14:30:00Z"),
        Optional.of(justification),
        Optional.empty(),
        Optional.of(
            new Ending(
                "revoked",
                "2026-04-02T09:00:00Z",
                Optional.of("user:admin"),
                Optional.of("@ incident"),
                57,
                true)),
        false,
        List.of("mldsa65-849ade251c8afddc"),
        Optional.of("mldsa65-849ade251c8afddc"),
        true,
        true,
        List.of());
  }

  private static ReportedChange change(String client, ReportedDecision... decisions) {
    return new ReportedChange(
        "CR-1042",
        Optional.empty(),
        Optional.empty(),
        Optional.of("tf-aws-rds"),
        client,
        Optional.of("high"),
        "ab".repeat(32),
        true,
        Optional.of("mldsa65-849ade251c8afddc"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        true,
        true,
        List.of(decisions));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"})
  void cell_spreadsheetFormulaPrefix_isQuotedAway(String value) {
    assertThat(CsvReportWriter.cell(value)).isEqualTo("'" + value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "acme", "1+1", " =1", "a=b", "'=already"})
  void cell_otherText_isUnchanged(String value) {
    assertThat(CsvReportWriter.cell(value)).isEqualTo(value);
  }

  @Test
  void change_oneRowPerDecision_rfc4180QuotedWithCrLf() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvReportWriter csv = new CsvReportWriter(out);

    csv.change(
        change(
            "=evil",
            decision("said \"yes\", twice", List.of("in the window", "monitor 48h")),
            decision("-2+3", List.of())));
    csv.finish();

    String text = out.toString(StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n", -1);
    assertThat(lines[0]).isEqualTo(String.join(",", CsvReportWriter.COLUMNS));
    assertThat(lines[1])
        .startsWith("CR-1042,'=evil,tf-aws-rds,high,0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10,41,")
        .contains(",\"in the window\nmonitor 48h\",")
        .contains(",\"said \"\"yes\"\", twice\",")
        .contains(",revoked,2026-04-02T09:00:00Z,user:admin,'@ incident,false,");
    assertThat(text).contains(",'-2+3,").endsWith("\r\n");
    assertThat(text.split("\r\n")).hasSize(3);
  }

  @Test
  void wantsSections_no() {
    assertThat(new CsvReportWriter(new ByteArrayOutputStream()).wantsSections()).isFalse();
  }
}
