package dev.cabledger.server.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the CSV report: RFC 4180 (Apache Commons CSV), UTF-8, one header row and one row per CAB
 * decision of the period, each row with its change's columns. A cell that a spreadsheet would take
 * for a formula is defused.
 */
final class CsvReportWriter implements ReportSink {
  static final List<String> COLUMNS =
      List.of(
          "changeRequestId",
          "client",
          "module",
          "riskLevel",
          "approvalId",
          "entryIndex",
          "eventType",
          "approver",
          "role",
          "status",
          "decidedAt",
          "planHash",
          "conditions",
          "environments",
          "notBefore",
          "notAfter",
          "expiresAt",
          "justification",
          "supersedes",
          "ended",
          "endedAt",
          "endedBy",
          "endReason",
          "approverSigned",
          "keyIds",
          "signatureValid",
          "included");

  private final Writer writer;
  private final CSVPrinter printer;

  CsvReportWriter(OutputStream out) {
    writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    try {
      printer =
          CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get().print(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean wantsSections() {
    return false;
  }

  @Override
  public void change(ReportedChange change) {
    for (ReportedDecision d : change.decisions()) {
      Optional<Ending> ended = d.ended();
      List<String> row = new ArrayList<>(COLUMNS.size());
      row.add(change.changeRequestId());
      row.add(change.client());
      row.add(change.module().orElse(""));
      row.add(change.riskLevel().orElse(""));
      row.add(d.approvalId());
      row.add(Long.toString(d.entryIndex()));
      row.add(d.eventType());
      row.add(d.approver());
      row.add(d.role());
      row.add(d.status());
      row.add(d.decidedAt());
      row.add(d.planHash());
      // Line breaks inside a quoted cell are RFC 4180: one condition per line in a spreadsheet.
      row.add(String.join("\n", d.conditions()));
      row.add(String.join(" ", d.environments()));
      row.add(d.notBefore().orElse(""));
      row.add(d.notAfter().orElse(""));
      row.add(d.expiresAt().orElse(""));
      row.add(d.justification().orElse(""));
      row.add(d.supersedes().orElse(""));
      row.add(ended.map(Ending::how).orElse(""));
      row.add(ended.map(Ending::at).orElse(""));
      row.add(ended.flatMap(Ending::by).orElse(""));
      row.add(ended.flatMap(Ending::reason).orElse(""));
      row.add(Boolean.toString(d.approverSigned()));
      row.add(String.join(" ", d.keyIds()));
      row.add(Boolean.toString(d.signatureValid()));
      row.add(Boolean.toString(d.included()));
      try {
        printer.printRecord(row.stream().map(CsvReportWriter::cell).toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Ends the report (the rows are already written). */
  void finish() throws IOException {
    printer.flush();
    writer.flush();
  }

  /**
   * A cell as written: one that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
   * carriage return would be run as a formula by a spreadsheet, so it is prefixed with a single
   * quote (OWASP, "CSV Injection"); the quoting of RFC 4180 is the printer's.
   */
  static String cell(String value) {
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      return "'" + value;
    }
    return value;
  }
}
